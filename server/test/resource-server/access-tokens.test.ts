import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT, type JWK } from 'jose';
import { grantIdOf } from '../../../scripts/lib/oauth.js';
import { resourceUser, type ResourceUser } from '../../../scripts/lib/resource-users.js';
import { testSecretsEnv } from '../../../test/support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

let test: TestDatabase;
let server: TestServer;
let apiUser: ResourceUser;
let mcpUser: ResourceUser;

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db);
  apiUser = await resourceUser(server, { prefix: 'kira', resource: 'api' });
  mcpUser = await resourceUser(server, { prefix: 'odo', resource: 'mcp' });
});
afterAll(async () => {
  await server.close();
  await test.drop();
});

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

/** One request to each surface with `authorization`; returns [status, WWW-Authenticate]. */
async function tryBoth(authorization: string | undefined) {
  const auth: Record<string, string> = authorization ? { authorization } : {};
  const api = await fetch(`${server.url}/api/v1/memories`, { headers: auth });
  const mcp = await fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: {
      ...auth,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: MCP_INIT,
  });
  return {
    api: {
      status: api.status,
      challenge: api.headers.get('www-authenticate'),
      body: await api.json(),
    },
    mcp: {
      status: mcp.status,
      challenge: mcp.headers.get('www-authenticate'),
      body: await mcp.text(),
    },
  };
}

/** A token signed with the server's own key (so only the claims are wrong). */
async function forge(
  base: string,
  changes: Record<string, unknown>,
  header: Record<string, unknown> = {},
) {
  const jwk = (JSON.parse(testSecretsEnv().OIDC_JWKS!) as { keys: JWK[] }).keys[0]!;
  const key = await importJWK(jwk, 'RS256');
  const claims = { ...decodeJwt(base), ...changes };
  return new SignJWT(claims)
    .setProtectedHeader({ ...decodeProtectedHeader(base), ...header, alg: 'RS256' } as never)
    .sign(key);
}

const challenge = (surface: 'api' | 'mcp', error?: string, description?: string) =>
  `Bearer ${error ? `error="${error}", error_description="${description}", ` : ''}resource_metadata="${server.url}/.well-known/oauth-protected-resource/${surface}", scope="memories:read memories:write"`;

describe('the access check both surfaces share (RFC 6750, RFC 9068)', () => {
  it('no token: 401 with a challenge naming the metadata and scopes, no error code', async () => {
    const { api, mcp } = await tryBoth(undefined);
    expect(api.status).toBe(401);
    expect(api.challenge).toBe(challenge('api'));
    expect(api.body).toMatchObject({ code: 'unauthorized', type: '/problems/unauthorized' });
    expect(mcp.status).toBe(401);
    expect(mcp.challenge).toBe(challenge('mcp'));
  });

  it('a token for /api is refused at /mcp, and one for /mcp at /api', async () => {
    const withApi = await tryBoth(`Bearer ${apiUser.accessToken}`);
    expect(withApi.api.status).toBe(200);
    expect(withApi.mcp.status).toBe(401);
    expect(withApi.mcp.challenge).toBe(
      challenge('mcp', 'invalid_token', 'the access token is not meant for this resource'),
    );
    const withMcp = await tryBoth(`Bearer ${mcpUser.accessToken}`);
    expect(withMcp.mcp.status).toBe(200);
    expect(withMcp.api.status).toBe(401);
    expect(withMcp.api.body).toMatchObject({
      code: 'invalid_token',
      detail: 'the access token is not meant for this resource',
    });
  });

  it.each([
    ['expired', { exp: Math.floor(Date.now() / 1000) - 60 }, {}, 'the access token has expired'],
    [
      'from another issuer',
      { iss: 'https://evil.example' },
      {},
      'the access token was not issued by this server',
    ],
    [
      'not an access token (typ)',
      {},
      { typ: 'JWT' },
      'the token is not an access token (typ must be at+jwt)',
    ],
    [
      'without a grant id',
      { gid: undefined },
      {},
      'the access token was not issued by this server',
    ],
  ])('a token %s is refused on both surfaces', async (_name, claims, header, description) => {
    const apiToken = await forge(apiUser.accessToken, claims, header);
    const mcpToken = await forge(mcpUser.accessToken, claims, header);
    const api = await fetch(`${server.url}/api/v1/memories`, {
      headers: { authorization: `Bearer ${apiToken}` },
    });
    expect([api.status, api.headers.get('www-authenticate')]).toEqual([
      401,
      challenge('api', 'invalid_token', description),
    ]);
    const { mcp } = await tryBoth(`Bearer ${mcpToken}`);
    expect([mcp.status, mcp.challenge]).toEqual([
      401,
      challenge('mcp', 'invalid_token', description),
    ]);
  });

  it('a tampered token (claims changed, signature kept) is refused', async () => {
    const [header, payload, signature] = apiUser.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    claims.sub = '00000000-0000-4000-8000-000000000000';
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const res = await fetch(`${server.url}/api/v1/memories`, {
      headers: { authorization: `Bearer ${tampered}` },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ detail: 'the access token signature is not valid' });
  });

  it('tokens are never taken from the query string, and the header must be well-formed', async () => {
    const res = await fetch(`${server.url}/api/v1/memories?access_token=${apiUser.accessToken}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_request"/);
    const mcp = await fetch(`${server.url}/mcp?access_token=${mcpUser.accessToken}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: MCP_INIT,
    });
    expect(mcp.status).toBe(400);
    for (const header of [`Basic ${apiUser.accessToken}`, `Bearer`, `Bearer a b`]) {
      const bad = await fetch(`${server.url}/api/v1/memories`, {
        headers: { authorization: header },
      });
      expect([header, bad.status]).toEqual([header, 401]);
      expect(bad.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    }
  });

  it('a token whose grant was revoked (the app disconnected) is refused at once on both surfaces', async () => {
    const api = await resourceUser(server, { prefix: 'quark', resource: 'api' });
    expect((await api.call('/api/v1/me')).status).toBe(200);
    const account = await test.db.prisma.user.findUniqueOrThrow({
      where: { username: api.username },
    });
    const { client_id: clientId } = JSON.parse(
      Buffer.from(api.accessToken.split('.')[1]!, 'base64url').toString(),
    ) as { client_id: string };
    expect(await server.auth.apps.disconnect(account.id, clientId)).toBe(true);
    expect(await server.auth.revocation.isGrantRevoked(grantIdOf(api.accessToken))).toBe(true);
    const res = await api.call('/api/v1/me');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ detail: 'the access token has been revoked' });

    const mcp = await resourceUser(server, { prefix: 'rom', resource: 'mcp' });
    const mcpAccount = await test.db.prisma.user.findUniqueOrThrow({
      where: { username: mcp.username },
    });
    await server.auth.apps.disconnectAll(mcpAccount.id);
    const { mcp: refused } = await tryBoth(`Bearer ${mcp.accessToken}`);
    expect(refused.challenge).toBe(
      challenge('mcp', 'invalid_token', 'the access token has been revoked'),
    );
  });

  it('a REST write with a read-only token is a 403 naming the scope it needs, and writes nothing', async () => {
    const reader = await resourceUser(server, {
      prefix: 'nog',
      resource: 'api',
      scope: 'openid memories:read',
    });
    const res = await reader.call('/api/v1/memories', { json: { text: 'Rule of acquisition 34' } });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer error="insufficient_scope", error_description="this operation needs the memories:write scope", resource_metadata="${server.url}/.well-known/oauth-protected-resource/api", scope="memories:read memories:write"`,
    );
    expect(await res.json()).toMatchObject({
      code: 'insufficient_scope',
      scope: 'memories:read memories:write',
    });
    expect(await test.db.prisma.memory.count()).toBe(0);
    expect((await reader.call('/api/v1/memories')).status).toBe(200);
  });
});

describe('protected resource metadata (RFC 9728)', () => {
  it.each([
    ['/.well-known/oauth-protected-resource/mcp', 'mcp'],
    ['/.well-known/oauth-protected-resource', 'mcp'],
    ['/.well-known/oauth-protected-resource/api', 'api'],
  ])('%s describes /%s', async (path, surface) => {
    const res = await fetch(`${server.url}${path}`, { headers: { origin: 'https://claude.ai' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const document = (await res.json()) as Record<string, unknown>;
    expect(document).toMatchObject({
      resource: `${server.url}/${surface}`,
      authorization_servers: [server.url],
      scopes_supported: ['memories:read', 'memories:write'],
      bearer_methods_supported: ['header'],
    });
    // The authorization server it names publishes its metadata.
    const as = await fetch(`${server.url}/.well-known/oauth-authorization-server`);
    expect(((await as.json()) as { issuer: string }).issuer).toBe(server.url);
  });
});
