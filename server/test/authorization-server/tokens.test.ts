import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { Browser } from '../../../scripts/lib/browser.js';
import {
  authorizeUrl,
  exchangeCode,
  pkce,
  registerClient,
  signUpThroughWebClient,
  webClientOf,
} from '../../../scripts/lib/oauth.js';
import { testSecretsEnv } from '../../../test/support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

const REDIRECT = 'http://127.0.0.1:9/callback';
let test: TestDatabase;
const servers: TestServer[] = [];

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await test.drop();
});

async function start(env: Record<string, string> = {}) {
  const server = await startTestServer(test.db, { OAUTH_REDIRECT_URIS: REDIRECT, ...env });
  servers.push(server);
  return server;
}

let n = 0;
async function tokensFrom(server: TestServer, resource?: string) {
  n += 1;
  const { code, verifier } = await signUpThroughWebClient(server, {
    redirectUri: REDIRECT,
    resource,
    user: {
      username: `sisko-${n}`,
      email: `sisko-${n}@example.com`,
      password: 'the prophets know',
    },
  });
  const tokens = await exchangeCode(server, code, verifier, REDIRECT);
  return { client: webClientOf(server), tokens: tokens.body };
}

function newSigningKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...(privateKey.export({ format: 'jwk' }) as object),
    kid: randomUUID(),
    alg: 'RS256',
    use: 'sig',
  };
}

describe('JWT access tokens (RFC 9068)', () => {
  it('are short-lived by configuration and name the resource asked for, with a trailing slash normalised', async () => {
    const server = await start({ ACCESS_TOKEN_TTL_SECONDS: '120' });
    const { tokens } = await tokensFrom(server, `${server.url}/api/`);
    const { payload } = await jwtVerify(
      String(tokens.access_token),
      createRemoteJWKSet(new URL(`${server.url}/jwks`)),
    );
    expect(payload.aud).toBe(`${server.url}/api`);
    expect(payload.exp! - payload.iat!).toBe(120);
    expect(tokens.expires_in).toBe(120);
  });

  it('keep verifying after a key rotation while the old key is still published', async () => {
    const [oldKey, newKey] = [newSigningKey(), newSigningKey()];
    const base = testSecretsEnv();
    const before = await start({ ...base, OIDC_JWKS: JSON.stringify({ keys: [oldKey] }) });
    const { tokens } = await tokensFrom(before);
    expect(decodeProtectedHeader(String(tokens.access_token)).kid).toBe(oldKey.kid);

    // Rotated: the new key signs, the old one stays published until its tokens expire.
    const after = await start({ ...base, OIDC_JWKS: JSON.stringify({ keys: [newKey, oldKey] }) });
    const jwks = (await (await fetch(`${after.url}/jwks`)).json()) as {
      keys: { kid: string; d?: string }[];
    };
    expect(jwks.keys.map((key) => key.kid)).toEqual([newKey.kid, oldKey.kid]);
    for (const key of jwks.keys) expect(key.d).toBeUndefined();
    const fresh = await tokensFrom(after);
    expect(decodeProtectedHeader(String(fresh.tokens.access_token)).kid).toBe(newKey.kid);
    await expect(
      jwtVerify(String(tokens.access_token), createRemoteJWKSet(new URL(`${after.url}/jwks`)), {
        issuer: before.url,
      }),
    ).resolves.toBeTruthy();
  });
});

describe('introspection (RFC 7662) and revocation (RFC 7009) for authenticated clients', () => {
  it('introspects a refresh token for its client, and refuses unauthenticated callers', async () => {
    const server = await start();
    const { client, tokens } = await tokensFrom(server);
    const basic = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;
    const introspect = (authorization?: string) =>
      fetch(`${server.url}/token/introspection`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(authorization ? { authorization } : {}),
        },
        body: new URLSearchParams({ token: String(tokens.refresh_token) }),
      });
    const answer = await introspect(basic);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      active: true,
      client_id: client.id,
      scope: expect.stringContaining('memories:read'),
    });
    const anonymous = await introspect();
    // oidc-provider answers 400 invalid_request when no client authentication is given at all.
    expect([400, 401]).toContain(anonymous.status);
    const refusal = (await anonymous.json()) as Record<string, unknown>;
    expect(refusal.error).toMatch(/^invalid_(request|client)$/);
    expect(refusal.active).toBeUndefined();
  });
});

describe('authorization server metadata', () => {
  it('advertises only endpoints that answer: no PAR, no userinfo', async () => {
    const server = await start();
    const metadata = (await (
      await fetch(`${server.url}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    expect(metadata.pushed_authorization_request_endpoint).toBeUndefined();
    expect(metadata.userinfo_endpoint).toBeUndefined();
    const endpoints = Object.entries(metadata).filter(
      ([name, value]) => name.endsWith('_endpoint') && typeof value === 'string',
    );
    expect(endpoints.length).toBeGreaterThan(3);
    for (const [name, url] of endpoints) {
      const get = await fetch(String(url), { redirect: 'manual' });
      const post = await fetch(String(url), { method: 'POST', redirect: 'manual' });
      expect({ name, statuses: [get.status, post.status] }).not.toEqual({
        name,
        statuses: [404, 404],
      });
    }
  });
});

describe('introspection by another client', () => {
  it('tells a self-registered confidential client nothing about other clients’ tokens', async () => {
    const server = await start();
    const { client, tokens } = await tokensFrom(server);
    const registered = await registerClient(server.url, {
      redirect_uris: ['https://foreign.example/cb'],
      token_endpoint_auth_method: 'client_secret_basic',
    });
    expect(registered.status).toBe(201);
    const foreign = registered.body as { client_id: string; client_secret: string };
    const introspect = (id: string, secret: string) =>
      fetch(`${server.url}/token/introspection`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ token: String(tokens.refresh_token) }),
      }).then(async (response) => (await response.json()) as Record<string, unknown>);
    expect(await introspect(foreign.client_id, foreign.client_secret)).toEqual({ active: false });
    expect(await introspect(client.id, client.secret)).toMatchObject({ active: true });
  });

  it.each(['introspection', 'revocation'])(
    'rate-limits /token/%s per address, apart from the token endpoint',
    async (endpoint) => {
      const server = await start({ TOKEN_RATE_LIMIT_PER_MINUTE: '1' });
      const client = webClientOf(server);
      const call = () =>
        fetch(`${server.url}/token/${endpoint}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
          },
          body: new URLSearchParams({ token: 'not-a-token' }),
        });
      expect((await call()).status).toBe(200);
      const limited = await call();
      expect(limited.status).toBe(429);
      expect(await limited.json()).toMatchObject({ error: 'temporarily_unavailable' });
    },
  );
});

describe('storage of codes and tokens', () => {
  it('keeps only hashes of codes, refresh tokens and session ids, and they still work', async () => {
    const server = await start();
    n += 1;
    const { browser, code, verifier } = await signUpThroughWebClient(server, {
      redirectUri: REDIRECT,
      user: {
        username: `dax-${n}`,
        email: `dax-${n}@example.com`,
        password: 'eight lifetimes of memories',
      },
    });
    const rows = async () =>
      JSON.stringify(await test.db.sql.query('SELECT id, uid, payload FROM oidc_payloads'));
    const session = browser.cookie('_session')!;
    expect(session).toBeTruthy();
    expect(await rows()).not.toContain(code);
    expect(await rows()).not.toContain(session);

    const exchanged = await exchangeCode(server, code, verifier, REDIRECT);
    const refreshToken = String(exchanged.body.refresh_token);
    expect(await rows()).not.toContain(refreshToken);
    const refreshed = await fetch(`${server.url}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${webClientOf(server).id}:${webClientOf(server).secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    });
    expect(refreshed.status).toBe(200);
    // A second exchange of the same code is still recognised as reuse.
    expect((await exchangeCode(server, code, verifier, REDIRECT)).body.error).toBe('invalid_grant');
  });
});

describe('client ID metadata documents', () => {
  it.each([
    ['a plain-http document URL', 'http://client.example/metadata.json'],
    ['a document on a loopback address', 'https://127.0.0.1/metadata.json'],
    ['a document on a private address', 'https://10.1.2.3/metadata.json'],
  ])('refuses %s', async (_case, clientId) => {
    const server = await start();
    const page = await new Browser(server.url).follow(
      authorizeUrl({
        clientId,
        redirectUri: 'https://client.example/cb',
        scope: 'memories:read',
        pkce: pkce(),
      }),
    );
    expect(page.status).toBe(400);
    expect(page.location).toBeUndefined();
    expect(page.body).toContain('invalid_client');
  });
});

describe('cookies in production', () => {
  it('are Secure behind a TLS-terminating proxy (TRUST_PROXY)', async () => {
    const server = await start({
      NODE_ENV: 'production',
      TRUST_PROXY: '1',
      PUBLIC_URL: 'https://picard.example.com',
    });
    const response = await fetch(
      `${server.url}${authorizeUrl({ clientId: server.config.oauth.webClient.clientId, redirectUri: REDIRECT, scope: 'openid', pkce: pkce() })}`,
      { redirect: 'manual', headers: { 'x-forwarded-proto': 'https' } },
    );
    const cookies = response.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/;\s*secure/i);
      expect(cookie).toMatch(/;\s*httponly/i);
    }
    const account = await fetch(`${server.url}/account`, {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(account.headers.getSetCookie()[0]).toMatch(/;\s*Secure/);
  });
});

describe('clients registering https and http://localhost redirect URIs together', () => {
  const registerMixedClient = (server: TestServer) =>
    fetch(`${server.url}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        redirect_uris: ['https://app.example/callback', 'http://localhost:3000/callback'],
        token_endpoint_auth_method: 'none',
      }),
    });

  // Each URI is judged by its kind (VS Code registers https and loopback at once,
  // in production too); the loopback one makes the client native (RFC 8252 §7.3).
  it.each([
    ['development', {}],
    ['production', { NODE_ENV: 'production' }],
  ])('are native apps in %s', async (_env, env: Record<string, string>) => {
    const response = await registerMixedClient(await start(env));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ application_type: 'native' });
  });
});
