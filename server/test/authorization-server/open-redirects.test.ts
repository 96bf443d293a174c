import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Browser } from '../../../scripts/lib/browser.js';
import { authorizeUrl, pkce, postAuthorization, webClientOf } from '../../../scripts/lib/oauth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

// RFC 9700 §4.11.2: no automatic redirect to a redirect URI the server does
// not trust before the person has authenticated. Anyone can register these.
const EVIL = 'https://evil.example/land';
const EVIL_LOGOUT = 'https://evil.example/bye';
const REDIRECT = 'http://127.0.0.1:9/callback';
let test: TestDatabase;
let server: TestServer;
let clientId: string;

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db, { OAUTH_REDIRECT_URIS: REDIRECT });
  const registered = await fetch(`${server.url}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: [EVIL],
      post_logout_redirect_uris: [EVIL_LOGOUT],
      token_endpoint_auth_method: 'none',
    }),
  });
  expect(registered.status).toBe(201);
  clientId = ((await registered.json()) as { client_id: string }).client_id;
});
afterAll(async () => {
  await server.close();
  await test.drop();
});

const fresh = () => pkce();

describe('authorization errors for a self-registered client, before anyone signed in', () => {
  it.each([
    ['an unknown scope', { scope: 'bogus', pkce: fresh() }],
    ['no PKCE', { scope: 'memories:read' }],
    ['prompt=none', { scope: 'memories:read', pkce: fresh(), extra: { prompt: 'none' } }],
    [
      'an unknown resource',
      { scope: 'memories:read', pkce: fresh(), resource: 'https://elsewhere.example/api' },
    ],
    [
      'an unsupported response_mode',
      { scope: 'memories:read', pkce: fresh(), extra: { response_mode: 'bogus' } },
    ],
  ])('show an error page for %s instead of redirecting', async (_case, options) => {
    const response = await fetch(
      `${server.url}${authorizeUrl({ clientId, redirectUri: EVIL, ...options })}`,
      { redirect: 'manual' },
    );
    expect(response.headers.get('location')).toBeNull();
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain('This sign-in request cannot continue');
    expect(body).not.toContain('evil.example');
  });

  it('shows an error page for an unknown scope in a POSTed authorization request', async () => {
    const { response } = await postAuthorization(server.url, {
      clientId,
      redirectUri: EVIL,
      scope: 'bogus',
      pkce: fresh(),
    });
    expect(response.headers.get('location')).toBeNull();
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain('This sign-in request cannot continue');
    expect(body).toContain('bogus');
    expect(body).not.toContain('evil.example');
  });

  it('still redirects errors to the operator’s own web client', async () => {
    const response = await fetch(
      `${server.url}${authorizeUrl({ clientId: webClientOf(server).id, redirectUri: REDIRECT, scope: 'bogus', pkce: fresh() })}`,
      { redirect: 'manual' },
    );
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe(
      'invalid_scope',
    );
  });
});

describe('RP-initiated logout for a self-registered client', () => {
  it('does not send a browser without a session to its post_logout_redirect_uri', async () => {
    const browser = new Browser(server.url);
    const page = await browser.request(
      `/session/end?${new URLSearchParams({ client_id: clientId, post_logout_redirect_uri: EVIL_LOGOUT, state: 's' })}`,
    );
    expect(page.location ?? '').not.toContain('evil.example');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)?.[1];
    expect(xsrf).toBeDefined();
    const confirmed = await browser.request('/session/end/confirm', {
      form: { xsrf: xsrf!, logout: 'yes' },
    });
    expect(confirmed.status).toBe(303);
    expect(new URL(confirmed.location!).origin).toBe(server.url);
  });
});
