import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { Browser } from '../../../scripts/lib/browser.js';
import {
  authorizeUrl,
  callbackParams,
  consent,
  exchangeCode,
  pkce,
  signIn,
  signUpThroughWebClient,
  tokenRequest,
  webClientOf,
} from '../../../scripts/lib/oauth.js';
import { Browser as CookieBrowser } from '../../../scripts/lib/browser.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

const REDIRECT = 'http://localhost:8000/auth/callback';
const PASSWORD = 'make it so, number one';
const ADMIN = 'picard-admin';
const ADMIN_PLAIN = 'riker-admin';

let test: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db, { ADMIN_USERNAMES: `${ADMIN},${ADMIN_PLAIN}` });
});
afterAll(async () => {
  await server.close();
  await test.drop();
});

interface Person {
  username: string;
  browser: Browser;
  accessToken: string;
  refreshToken: string;
}

const decode = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

/** A new account signed up through the web client, with a token for `resource` and `scope`. */
async function signUp(
  username: string,
  scope = 'openid memories:read memories:write',
  resource: 'api' | 'mcp' = 'api',
): Promise<Person> {
  const { browser, code, verifier } = await signUpThroughWebClient(server, {
    redirectUri: REDIRECT,
    scope,
    resource: `${server.url}/${resource}`,
    user: { username, email: `${username}@example.com`, password: PASSWORD },
  });
  const tokens = await exchangeCode(server, code, verifier, REDIRECT);
  expect(tokens.status).toBe(200);
  return {
    username,
    browser,
    accessToken: String(tokens.body.access_token),
    refreshToken: String(tokens.body.refresh_token),
  };
}

/** Authorizes the web client again in the person's browser, consenting when asked. */
async function authorizeAgain(person: Person, scope: string, resource: 'api' | 'mcp') {
  const verifier = pkce();
  let page = await person.browser.follow(
    authorizeUrl({
      clientId: webClientOf(server).id,
      redirectUri: REDIRECT,
      scope,
      pkce: verifier,
      resource: `${server.url}/${resource}`,
    }),
  );
  const consentBody = page.body;
  if (page.body.includes('/consent"')) page = await consent(person.browser, page);
  const params = callbackParams(page);
  if (params.get('error'))
    return {
      error: params.get('error'),
      description: params.get('error_description'),
      consentBody,
    };
  const tokens = await exchangeCode(server, params.get('code')!, verifier, REDIRECT);
  return { token: String(tokens.body.access_token) };
}

const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

async function call(
  token: string,
  method: string,
  path: string,
  json?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const MCP_INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 't', version: '1' },
  },
});
const mcpStatus = async (token: string) =>
  (
    await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: MCP_INIT,
    })
  ).status;

/** Every admin operation, as a request a caller could make against `victim`. */
const everyAdminRequest = (victim: string): [string, string, unknown?][] => [
  ['GET', '/api/v1/admin/users'],
  ['POST', `/api/v1/admin/users/${victim}/suspend`, {}],
  ['POST', `/api/v1/admin/users/${victim}/restore`, {}],
  ['POST', `/api/v1/admin/users/${victim}/sign-out`, {}],
  ['DELETE', `/api/v1/admin/users/${victim}?confirmUsername=${victim}`],
  ['POST', `/api/v1/admin/users/${victim}/password-reset`, {}],
  ['GET', '/api/v1/admin/clients'],
  ['POST', '/api/v1/admin/clients', { name: 'x', redirectUris: ['https://x.example/cb'] }],
  ['POST', '/api/v1/admin/clients/picard-web/revoke-grants', {}],
  ['DELETE', '/api/v1/admin/clients/picard-web'],
  ['POST', '/api/v1/admin/invitations', {}],
  ['GET', '/api/v1/admin/audit'],
];

let admin: Person;
beforeAll(async () => {
  admin = await signUp(ADMIN, 'openid memories:read admin');
});

describe('the admin scope and role', () => {
  it('an administrator can be granted the admin scope on consent', () => {
    expect(String(decode(admin.accessToken).scope).split(' ')).toContain('admin');
  });

  it('a non-admin is refused on every admin operation (403) and nothing changes', async () => {
    const victim = await signUp(unique('crusher'));
    const mallory = await signUp(unique('mallory'));
    const before = await call(admin.accessToken, 'GET', '/api/v1/admin/audit');
    const clientsBefore = await call(admin.accessToken, 'GET', '/api/v1/admin/clients');
    for (const [method, path, json] of everyAdminRequest(victim.username)) {
      const res = await call(mallory.accessToken, method, path, json);
      expect([method, path, res.status, res.body.code]).toEqual([
        method,
        path,
        403,
        'insufficient_scope',
      ]);
    }
    // The victim still works, nothing was recorded, no client was added.
    expect((await call(victim.accessToken, 'GET', '/api/v1/memories')).status).toBe(200);
    expect((await call(admin.accessToken, 'GET', '/api/v1/admin/audit')).body).toEqual(before.body);
    expect((await call(admin.accessToken, 'GET', '/api/v1/admin/clients')).body).toEqual(
      clientsBefore.body,
    );
  });

  it('a non-admin asking for the admin scope is refused at consent', async () => {
    const person = await signUp(unique('barclay'));
    const result = await authorizeAgain(person, 'openid memories:read admin', 'api');
    expect(result).toMatchObject({
      error: 'access_denied',
      description: 'Only administrators can grant the admin scope',
    });
    // The consent page said so before the choice.
    expect(result.consentBody).toContain('only administrators can allow');
  });

  it('an administrator’s ordinary application token cannot reach admin operations', async () => {
    const plain = await signUp(ADMIN_PLAIN);
    const res = await call(plain.accessToken, 'GET', '/api/v1/admin/users');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('insufficient_scope');
  });

  it('admin rights come from the account on every request: a demoted admin’s token stops working', async () => {
    const username = unique('shelby');
    const person = await signUp(username);
    const id = (await server.auth.accounts.resolve(username))!;
    await server.auth.accounts.setRole(id, 'admin');
    const granted = await authorizeAgain(person, 'openid admin', 'api');
    expect((await call(granted.token!, 'GET', '/api/v1/admin/users')).status).toBe(200);
    await server.auth.accounts.setRole(id, 'user');
    const refused = await call(granted.token!, 'GET', '/api/v1/admin/users');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
  });
});

describe('users', () => {
  it('lists and searches accounts with their dates, memory counts and applications, never memory text', async () => {
    const person = await signUp(unique('troi'));
    const secret = `my private memory ${randomBytes(6).toString('hex')}`;
    expect(
      (await call(person.accessToken, 'POST', '/api/v1/memories', { text: secret })).status,
    ).toBe(201);
    const res = await call(
      admin.accessToken,
      'GET',
      `/api/v1/admin/users?query=${person.username}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      total: 1,
      items: [
        {
          username: person.username,
          email: `${person.username}@example.com`,
          role: 'user',
          suspended: false,
          createdAt: expect.any(String),
          lastSignInAt: expect.any(String),
          memoryCount: 1,
          connectedApps: 1,
        },
      ],
    });
    expect(JSON.stringify(res.body)).not.toContain(secret);
    // LIKE wildcards in a search match themselves.
    const wild = await call(admin.accessToken, 'GET', '/api/v1/admin/users?query=%25');
    expect(wild.body.total).toBe(0);
  });

  it('suspension revokes tokens at once on both surfaces, refuses refresh and sign-in; restoring allows sign-in', async () => {
    const victim = await signUp(unique('ro'));
    const mcp = await authorizeAgain(victim, 'openid memories:read', 'mcp');
    expect((await call(victim.accessToken, 'GET', '/api/v1/memories')).status).toBe(200);
    expect(await mcpStatus(mcp.token!)).toBe(200);

    const res = await call(
      admin.accessToken,
      'POST',
      `/api/v1/admin/users/${victim.username}/suspend`,
      {},
    );
    expect(res).toEqual({ status: 200, body: { username: victim.username, suspended: true } });

    expect((await call(victim.accessToken, 'GET', '/api/v1/memories')).status).toBe(401);
    expect(await mcpStatus(mcp.token!)).toBe(401);
    const refreshed = await tokenRequest(
      server.url,
      { grant_type: 'refresh_token', refresh_token: victim.refreshToken },
      webClientOf(server),
    );
    expect(refreshed.body.error).toBe('invalid_grant');

    // Signing in again is refused with a clear message, on the OAuth page and the account page.
    const browser = new CookieBrowser(server.url);
    const login = await browser.follow(
      authorizeUrl({
        clientId: webClientOf(server).id,
        redirectUri: REDIRECT,
        scope: 'openid',
        pkce: pkce(),
      }),
    );
    const refused = await signIn(browser, login, victim.username, PASSWORD);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('This account is suspended.');
    // A wrong password does not learn about the suspension.
    const wrong = await signIn(browser, login, victim.username, 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(wrong.body).not.toContain('suspended');

    const restored = await call(
      admin.accessToken,
      'POST',
      `/api/v1/admin/users/${victim.username}/restore`,
      {},
    );
    expect(restored.body).toEqual({ username: victim.username, suspended: false });
    const again = await signIn(browser, login, victim.username, PASSWORD);
    expect(again.status).toBe(200);
    expect(again.body).toContain('/consent"');
  });

  it('signing a user out revokes their grants; they can sign in again', async () => {
    const victim = await signUp(unique('data'));
    const res = await call(
      admin.accessToken,
      'POST',
      `/api/v1/admin/users/${victim.username}/sign-out`,
      {},
    );
    expect(res.status).toBe(200);
    expect((await call(victim.accessToken, 'GET', '/api/v1/memories')).status).toBe(401);
  });

  it('deletes an account with its memories only when the username is typed again', async () => {
    const victim = await signUp(unique('tasha'));
    await call(victim.accessToken, 'POST', '/api/v1/memories', { text: 'gone soon' });
    const wrong = await call(
      admin.accessToken,
      'DELETE',
      `/api/v1/admin/users/${victim.username}?confirmUsername=someone-else`,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.field).toBe('confirmUsername');
    expect(await test.db.prisma.user.count({ where: { username: victim.username } })).toBe(1);
    const done = await call(
      admin.accessToken,
      'DELETE',
      `/api/v1/admin/users/${victim.username}?confirmUsername=${victim.username}`,
    );
    expect(done.status).toBe(204);
    expect(await test.db.prisma.user.count({ where: { username: victim.username } })).toBe(0);
    expect((await call(victim.accessToken, 'GET', '/api/v1/memories')).status).toBe(401);
    const missing = await call(
      admin.accessToken,
      'POST',
      `/api/v1/admin/users/${victim.username}/suspend`,
      {},
    );
    expect(missing).toMatchObject({ status: 404, body: { code: 'user_not_found' } });
  });

  it('refuses hostile input with a precise 400, never a 500', async () => {
    for (const [method, path, json] of [
      ['POST', '/api/v1/admin/users/bad%00name/suspend', {}],
      ['GET', '/api/v1/admin/users?query=%00'],
      ['GET', '/api/v1/admin/users?limit=lots'],
      [
        'POST',
        '/api/v1/admin/clients',
        { name: 'x\u0000', redirectUris: ['https://a.example/cb'] },
      ],
      ['POST', '/api/v1/admin/clients', { name: 'x', redirectUris: [] }],
      ['POST', '/api/v1/admin/users/someone/suspend', { extra: true }],
    ] as [string, string, unknown?][]) {
      const res = await call(admin.accessToken, method, path, json);
      expect([path, res.status, res.body.code]).toEqual([path, 400, 'invalid_input']);
    }
  });

  it('an administrator cannot suspend or delete their own account here', async () => {
    const res = await call(admin.accessToken, 'POST', `/api/v1/admin/users/${ADMIN}/suspend`, {});
    expect(res.status).toBe(400);
    expect((await call(admin.accessToken, 'GET', '/api/v1/admin/users')).status).toBe(200);
  });
});

describe('applications', () => {
  it('lists every client with its kind, redirect hosts, use and grants; revokes and deletes', async () => {
    const registered = await fetch(`${server.url}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Dynamic one',
        redirect_uris: ['http://127.0.0.1:9/cb'],
        token_endpoint_auth_method: 'none',
      }),
    });
    expect(registered.status).toBe(201);
    const dynamic = (await registered.json()) as { client_id: string };

    const created = await call(admin.accessToken, 'POST', '/api/v1/admin/clients', {
      name: 'Bridge console',
      redirectUris: ['https://bridge.example.com/callback'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      clientId: expect.stringMatching(/^picard-/),
      clientSecret: expect.any(String),
      name: 'Bridge console',
    });
    const bad = await call(admin.accessToken, 'POST', '/api/v1/admin/clients', {
      name: 'Bad',
      redirectUris: ['ftp://nope.example.com/'],
    });
    expect(bad).toMatchObject({ status: 400, body: { field: 'redirectUris' } });

    const list = await call(admin.accessToken, 'GET', '/api/v1/admin/clients');
    const byId = new Map(
      (list.body.items as { clientId: string }[]).map((client) => [client.clientId, client]),
    );
    expect(byId.get(webClientOf(server).id)).toMatchObject({
      kind: 'pre-registered',
      redirectHosts: ['localhost:8000'],
      grants: expect.any(Number),
      lastUsedAt: expect.any(String),
    });
    expect(byId.get(dynamic.client_id)).toMatchObject({
      kind: 'dynamic',
      name: 'Dynamic one',
      redirectHosts: ['127.0.0.1:9'],
      createdAt: expect.any(String),
      grants: 0,
    });
    expect(byId.get(String(created.body.clientId))).toMatchObject({
      kind: 'pre-registered',
      redirectHosts: ['bridge.example.com'],
    });
    // The secret is in the creation answer only.
    expect(JSON.stringify(list.body)).not.toContain(String(created.body.clientSecret));

    // The pre-registered client works at the token endpoint with its secret.
    const wrongSecret = await tokenRequest(
      server.url,
      {
        grant_type: 'authorization_code',
        code: 'x',
        redirect_uri: 'https://bridge.example.com/callback',
        code_verifier: 'x'.repeat(43),
      },
      { id: String(created.body.clientId), secret: 'wrong' },
    );
    expect(wrongSecret.body.error).toBe('invalid_client');
    const rightSecret = await tokenRequest(
      server.url,
      {
        grant_type: 'authorization_code',
        code: 'x',
        redirect_uri: 'https://bridge.example.com/callback',
        code_verifier: 'x'.repeat(43),
      },
      { id: String(created.body.clientId), secret: String(created.body.clientSecret) },
    );
    expect(rightSecret.body.error).toBe('invalid_grant');

    // The configured web client cannot be deleted; the others can.
    const refused = await call(
      admin.accessToken,
      'DELETE',
      `/api/v1/admin/clients/${webClientOf(server).id}`,
    );
    expect(refused.status).toBe(400);
    const deleted = await call(
      admin.accessToken,
      'DELETE',
      `/api/v1/admin/clients/${dynamic.client_id}`,
    );
    expect(deleted.status).toBe(204);
    const gone = await call(
      admin.accessToken,
      'DELETE',
      `/api/v1/admin/clients/${dynamic.client_id}`,
    );
    expect(gone).toMatchObject({ status: 404, body: { code: 'client_not_found' } });

    // Revoking the web client's grants disconnects every account at once.
    const person = await signUp(unique('guinan'));
    const revoked = await call(
      admin.accessToken,
      'POST',
      `/api/v1/admin/clients/${encodeURIComponent(webClientOf(server).id)}/revoke-grants`,
      {},
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedGrants).toBeGreaterThan(0);
    expect((await call(person.accessToken, 'GET', '/api/v1/memories')).status).toBe(401);

    // The administrator's own grant went too (it was through the web client): connect again.
    const again = await authorizeAgain(admin, 'openid memories:read admin', 'api');
    admin = { ...admin, accessToken: again.token! };
    expect((await call(admin.accessToken, 'GET', '/api/v1/admin/users')).status).toBe(200);
  });
});

describe('the admin audit trail', () => {
  it('records every admin action with who, what and when', async () => {
    const victim = await signUp(unique('keiko'));
    await call(admin.accessToken, 'POST', `/api/v1/admin/users/${victim.username}/suspend`, {});
    await call(admin.accessToken, 'POST', `/api/v1/admin/users/${victim.username}/restore`, {});
    await call(admin.accessToken, 'POST', '/api/v1/admin/invitations', {});
    const res = await call(admin.accessToken, 'GET', '/api/v1/admin/audit?limit=3');
    expect(res.body.items).toEqual([
      expect.objectContaining({ actor: ADMIN, surface: 'api', action: 'invite.create' }),
      expect.objectContaining({ actor: ADMIN, action: 'user.restore', target: victim.username }),
      expect.objectContaining({
        actor: ADMIN,
        action: 'user.suspend',
        target: victim.username,
        at: expect.any(String),
      }),
    ]);
  });
});
