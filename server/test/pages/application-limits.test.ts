import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actionOf, Browser, csrfOf } from '../../../scripts/lib/browser.js';
import {
  authorizeUrl,
  callbackParams,
  pkce,
  register,
  tokenRequest,
} from '../../../scripts/lib/oauth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

/**
 * Least privilege per application: the consent page limits an application to
 * chosen tags and to reading even when it asked to write; the account page
 * shows the limit and changes it, and the resource server applies the change
 * on the next request.
 */

const REDIRECT = 'http://127.0.0.1:53682/callback';
const PASSWORD = 'the needs of the many';
let test: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db);
});
afterAll(async () => {
  await server.close();
  await test.drop();
});

async function registerApp(): Promise<string> {
  const res = await fetch(`${server.url}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Coding assistant',
      redirect_uris: ['http://127.0.0.1/callback'],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { client_id: string }).client_id;
}

describe('limits chosen on the consent page', () => {
  it('a read-only limit to "work" holds on every request, and the account page changes it', async () => {
    const clientId = await registerApp();
    const browser = new Browser(server.url);
    const verifier = pkce();
    const login = await browser.follow(
      authorizeUrl({
        clientId,
        redirectUri: REDIRECT,
        scope: 'memories:read memories:write',
        pkce: verifier,
        resource: `${server.url}/api`,
      }),
    );
    const username = 'geordi';
    const consentPage = await register(browser, login, {
      username,
      email: 'geordi@example.com',
      password: PASSWORD,
    });
    expect(consentPage.body).toContain('Limit what it can reach');
    expect(consentPage.body).toContain('name="read_only"');
    const done = await browser.follow(actionOf(consentPage.body, '/consent'), {
      form: {
        _csrf: csrfOf(consentPage.body),
        decision: 'allow',
        limit_tags: ' work , engineering,work',
        read_only: 'yes',
      },
    });
    const tokens = await tokenRequest(
      server.url,
      {
        grant_type: 'authorization_code',
        code: callbackParams(done).get('code')!,
        redirect_uri: REDIRECT,
        code_verifier: verifier.verifier,
      },
      { id: clientId },
    );
    expect(tokens.status).toBe(200);
    const call = (path: string, json?: unknown) =>
      fetch(`${server.url}${path}`, {
        method: json === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${String(tokens.body.access_token)}`,
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: json === undefined ? undefined : JSON.stringify(json),
      });

    // Read-only even though it asked to write: a step-up challenge, nothing stored.
    const refused = await call('/api/v1/memories', { text: 'The VISOR needs recalibration' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toMatch(/insufficient_scope/);
    expect(await test.db.prisma.memory.count()).toBe(0);
    expect((await call('/api/v1/memories')).status).toBe(200);
    const me = (await (await call('/api/v1/me')).json()) as { scopes: string[] };
    expect(me.scopes).toEqual(['memories:read']);

    // The account page shows the limit and changes it.
    const account = new Browser(server.url);
    const form = await account.request('/account');
    const page = await account.follow('/account/login', {
      form: { _csrf: csrfOf(form.body), username, password: PASSWORD },
    });
    expect(page.body).toContain('Limited to memories tagged work, engineering; read only.');
    const saved = await account.follow('/account/apps/limit', {
      form: { _csrf: csrfOf(page.body), client_id: clientId, limit_tags: 'work' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toContain('Limited to memories tagged work.');

    // The next request may write, within "work" only.
    const created = await call('/api/v1/memories', { text: 'Warp field tuned', tags: ['ops'] });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { tags: string[] }).tags).toEqual(['ops', 'work']);

    // Another person's application cannot be changed from this account.
    const foreign = await account.follow('/account/apps/limit', {
      form: { _csrf: csrfOf(saved.body), client_id: 'not-connected', limit_tags: '' },
    });
    expect(foreign.status).toBe(404);
  });
});
