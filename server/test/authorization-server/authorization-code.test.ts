import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { MEMORY_SCOPES } from '../../src/authorization-server/provider.js';
import { Browser } from '../../../scripts/lib/browser.js';
import {
  authorizeUrl,
  callbackParams,
  consent,
  pkce,
  postAuthorization,
  exchangeCode,
  grantIdOf,
  register,
  registerClient,
  revokeToken,
  signIn,
  signUpThroughWebClient,
  tokenRequest,
  webClientOf,
} from '../../../scripts/lib/oauth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

const REDIRECT = 'http://127.0.0.1:9/callback';
let test: TestDatabase;
let server: TestServer;
let webClient: { id: string; secret: string };

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db, { OAUTH_REDIRECT_URIS: REDIRECT });
  webClient = webClientOf(server);
});
afterAll(async () => {
  await server.close();
  await test.drop();
});

let counter = 0;
const newUser = () => {
  counter += 1;
  return {
    username: `picard-${counter}-${Date.now() % 100000}`,
    email: `u${counter}-${Date.now()}@example.com`,
    password: 'tea, earl grey, hot',
  };
};

describe('authorization code + PKCE for the pre-registered web client', () => {
  it('registers, consents, exchanges the code, refreshes with rotation', async () => {
    const browser = new Browser(server.url);
    const verifier = pkce();
    const loginPage = await browser.follow(
      authorizeUrl({
        clientId: webClient.id,
        redirectUri: REDIRECT,
        scope: 'openid profile email offline_access memories:read memories:write',
        pkce: verifier,
        resource: `${server.url}/api`,
      }),
    );
    expect(loginPage.status).toBe(200);
    expect(loginPage.body).toContain('Sign in to continue to Picard web');

    const consentPage = await register(browser, loginPage, newUser());
    expect(consentPage.body).toContain('Allow Picard web to access your Picard account?');
    expect(consentPage.body).toContain('127.0.0.1:9');
    expect(consentPage.body).toContain('Create, change and delete your memories');

    const params = callbackParams(await consent(browser, consentPage));
    expect(params.get('iss')).toBe(server.url);
    const code = params.get('code')!;

    const tokens = await exchangeCode(server, code, verifier, REDIRECT);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({
      token_type: 'Bearer',
      scope: expect.stringContaining('memories:write'),
    });
    const accessToken = String(tokens.body.access_token);
    expect(decodeProtectedHeader(accessToken).typ).toBe('at+jwt');
    const { payload } = await jwtVerify(
      accessToken,
      createRemoteJWKSet(new URL(`${server.url}/jwks`)),
      {
        issuer: server.url,
        audience: `${server.url}/api`,
        typ: 'at+jwt',
      },
    );
    expect(payload).toMatchObject({
      client_id: webClient.id,
      scope: 'memories:read memories:write',
    });
    expect(payload.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.jti).toBeTruthy();
    expect(payload.gid).toBeTruthy();
    expect(tokens.body.id_token).toBeTruthy();

    const refreshed = await tokenRequest(
      server.url,
      { grant_type: 'refresh_token', refresh_token: String(tokens.body.refresh_token) },
      webClient,
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(tokens.body.refresh_token);
  });
});

/** Registers through the web client's flow and returns the browser (signed in) and account. */
async function signedUpBrowser() {
  const user = newUser();
  return { user, ...(await signUpThroughWebClient(server, { redirectUri: REDIRECT, user })) };
}

async function issueTokens() {
  const { code, verifier, user } = await signedUpBrowser();
  const tokens = await exchangeCode(server, code, verifier, REDIRECT);
  expect(tokens.status).toBe(200);
  return { tokens: tokens.body, user, code, verifier };
}

describe('dynamic client registration (RFC 7591) for a public native client', () => {
  it('registers a loopback client as native, then runs the flow with a different port', async () => {
    const registration = await fetch(`${server.url}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Test MCP client',
        redirect_uris: ['http://127.0.0.1/callback'],
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      }),
    });
    expect(registration.status).toBe(201);
    const client = (await registration.json()) as Record<string, string>;
    expect(client).toMatchObject({
      application_type: 'native',
      token_endpoint_auth_method: 'none',
    });
    expect(client.client_secret).toBeUndefined();

    const browser = new Browser(server.url);
    const verifier = pkce();
    const redirectUri = 'http://127.0.0.1:53682/callback';
    const loginPage = await browser.follow(
      authorizeUrl({
        clientId: client.client_id!,
        redirectUri,
        scope: 'memories:read memories:write',
        pkce: verifier,
      }),
    );
    const consentPage = await register(browser, loginPage, newUser());
    expect(consentPage.body).toContain('Test MCP client');
    const done = await consent(browser, consentPage);
    expect(done.location!.startsWith(redirectUri)).toBe(true);

    const tokens = await tokenRequest(
      server.url,
      {
        grant_type: 'authorization_code',
        code: callbackParams(done).get('code')!,
        redirect_uri: redirectUri,
        code_verifier: verifier.verifier,
      },
      { id: client.client_id! },
    );
    expect(tokens.status).toBe(200);
    // No resource asked: the MCP resource is the audience; a refresh token without offline_access.
    const { payload } = await jwtVerify(
      String(tokens.body.access_token),
      createRemoteJWKSet(new URL(`${server.url}/jwks`)),
    );
    expect(payload.aud).toBe(`${server.url}/mcp`);
    expect(tokens.body.refresh_token).toBeTruthy();
    const refreshed = await tokenRequest(
      server.url,
      { grant_type: 'refresh_token', refresh_token: String(tokens.body.refresh_token) },
      { id: client.client_id! },
    );
    expect(refreshed.status).toBe(200);
  });

  it.each([
    [
      'a plain-http, non-loopback redirect URI',
      { redirect_uris: ['http://evil.example/cb'] },
      'invalid_redirect_uri',
    ],
    ['no redirect URI', { redirect_uris: [] }, 'invalid_redirect_uri'],
    // RFC 8252 §7.1: private-use schemes are reverse domain names.
    [
      'a private-use scheme without a domain',
      { redirect_uris: ['myapp://cb'] },
      'invalid_redirect_uri',
    ],
    ['a WebSocket URI', { redirect_uris: ['ws://127.0.0.1/cb'] }, 'invalid_redirect_uri'],
    [
      'a javascript: URI',
      { redirect_uris: ['javascript://x.y/%0aalert(1)'] },
      'invalid_redirect_uri',
    ],
    [
      'a 10,000-character redirect URI',
      { redirect_uris: [`https://app.example/${'a'.repeat(10_000)}`] },
      'invalid_redirect_uri',
    ],
    [
      '1,000 redirect URIs',
      { redirect_uris: Array.from({ length: 1_000 }, (_, i) => `https://app.example/cb${i}`) },
      'invalid_redirect_uri',
    ],
    [
      'the same redirect URI twice',
      { redirect_uris: ['https://app.example/cb', 'https://app.example/cb'] },
      'invalid_redirect_uri',
    ],
    [
      'the implicit grant',
      {
        redirect_uris: ['https://app.example/cb'],
        grant_types: ['implicit'],
        response_types: ['id_token'],
      },
      'invalid_client_metadata',
    ],
  ])('refuses %s', async (_case, metadata, error) => {
    const response = await fetch(`${server.url}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token_endpoint_auth_method: 'none', ...metadata }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error });
  });

  it.each([
    ['a reverse-domain private-use scheme', ['com.example.app:/oauth/callback']],
    [
      'a domain after a private-use scheme (Cursor)',
      ['cursor://anysphere.cursor-mcp/oauth/callback'],
    ],
    [
      'loopback http and https (VS Code)',
      ['http://127.0.0.1:33418/', 'https://vscode.dev/redirect'],
    ],
  ])('accepts %s', async (_case, redirectUris) => {
    const response = await fetch(`${server.url}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token_endpoint_auth_method: 'none', redirect_uris: redirectUris }),
    });
    expect(response.status).toBe(201);
  });

  it('answers malformed JSON with invalid_client_metadata, not a crash', async () => {
    const response = await fetch(`${server.url}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"redirect_uris": [',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_client_metadata' });
  });
});

describe('native clients', () => {
  it('are asked for consent again on every authorization, with the whole request listed', async () => {
    const { client_id: clientId } = (
      await registerClient(server.url, {
        redirect_uris: ['http://127.0.0.1/cb'],
        token_endpoint_auth_method: 'none',
      })
    ).body;
    const authorize = () =>
      authorizeUrl({
        clientId,
        redirectUri: 'http://127.0.0.1:4000/cb',
        scope: 'memories:read',
        pkce: pkce(),
      });
    const browser = new Browser(server.url);
    const first = await register(browser, await browser.follow(authorize()), newUser());
    await consent(browser, first);

    const second = await browser.follow(authorize());
    expect(second.body).toContain('Allow');
    expect(second.body).toContain(MEMORY_SCOPES['memories:read']);
  });
});

describe('refused requests, each with its RFC error', () => {
  const start = (
    overrides: Partial<Parameters<typeof authorizeUrl>[0]> & {
      extra?: Record<string, string>;
    } = {},
  ) =>
    new Browser(server.url).follow(
      authorizeUrl({
        clientId: webClient.id,
        redirectUri: REDIRECT,
        scope: 'openid memories:read',
        pkce: pkce(),
        ...overrides,
      }),
    );

  it('missing PKCE', async () => {
    const page = await start({ pkce: undefined });
    expect(Object.fromEntries(callbackParams(page))).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringMatching(/PKCE/),
    });
  });

  it('the plain PKCE method', async () => {
    const page = await start({
      pkce: undefined,
      extra: { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' },
    });
    expect(callbackParams(page).get('error')).toBe('invalid_request');
  });

  it('an unknown resource', async () => {
    const page = await start({ resource: 'https://elsewhere.example/api' });
    expect(callbackParams(page).get('error')).toBe('invalid_target');
  });

  it('an unknown scope', async () => {
    const page = await start({ scope: 'openid memories:delete-everything' });
    expect(callbackParams(page).get('error')).toBe('invalid_scope');
  });

  it('an unknown scope in a POSTed authorization request (OpenID Connect Core §3.1.2.1)', async () => {
    const { response, sent } = await postAuthorization(server.url, {
      clientId: webClient.id,
      redirectUri: REDIRECT,
      scope: 'openid memories:delete-everything',
      pkce: pkce(),
    });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      error: 'invalid_scope',
      error_description: 'unsupported scope: memories:delete-everything',
      state: sent.get('state'),
    });
  });

  it('a redirect_uri that was not registered: an error page, never a redirect', async () => {
    const page = await start({ redirectUri: 'https://attacker.example/cb' });
    expect(page.status).toBe(400);
    expect(page.location).toBeUndefined();
    expect(page.body).toContain('redirect_uri');
    expect(page.body).not.toMatch(/at \w+ \(/); // no stack trace
  });

  it('an unknown client_id: an error page, not a stack trace', async () => {
    const page = await start({ clientId: 'no-such-client' });
    expect(page.status).toBe(400);
    expect(page.body).toContain('invalid_client');
    expect(page.body).not.toMatch(/at \w+ \(/);
  });

  it('a wrong code verifier', async () => {
    const { code } = await signedUpBrowser();
    const response = await exchangeCode(server, code, pkce(), REDIRECT);
    expect(response).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('a reused code, and the tokens issued from it are revoked', async () => {
    const { tokens, code, verifier } = await issueTokens();
    const again = await exchangeCode(server, code, verifier, REDIRECT);
    expect(again).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await server.auth.revocation.isGrantRevoked(grantIdOf(tokens.access_token))).toBe(true);
    const refresh = await tokenRequest(
      server.url,
      { grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token) },
      webClient,
    );
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('an expired code', async () => {
    const { code, verifier } = await signedUpBrowser();
    await test.db.sql.query(
      "UPDATE oidc_payloads SET expires_at = now() - interval '1 second' WHERE type = 'AuthorizationCode'",
    );
    const response = await exchangeCode(server, code, verifier, REDIRECT);
    expect(response).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('a reused refresh token revokes the whole grant', async () => {
    const { tokens } = await issueTokens();
    const first = await tokenRequest(
      server.url,
      { grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token) },
      webClient,
    );
    expect(first.status).toBe(200);
    const reuse = await tokenRequest(
      server.url,
      { grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token) },
      webClient,
    );
    expect(reuse.body.error).toBe('invalid_grant');
    // The rotated token died with the grant, and the resource server will refuse its access tokens.
    const rotated = await tokenRequest(
      server.url,
      { grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) },
      webClient,
    );
    expect(rotated.body.error).toBe('invalid_grant');
    expect(await server.auth.revocation.isGrantRevoked(grantIdOf(first.body.access_token))).toBe(
      true,
    );
  });

  it('a revoked grant (RFC 7009 revocation of the refresh token)', async () => {
    const { tokens } = await issueTokens();
    const revoke = await fetch(`${server.url}/token/revocation`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${webClient.id}:${webClient.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        token: String(tokens.refresh_token),
        token_type_hint: 'refresh_token',
      }),
    });
    expect(revoke.status).toBe(200);
    const refresh = await tokenRequest(
      server.url,
      { grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token) },
      webClient,
    );
    expect(refresh.body.error).toBe('invalid_grant');
    expect(await server.auth.revocation.isGrantRevoked(grantIdOf(tokens.access_token))).toBe(true);
    const row = await test.db.prisma.revokedGrant.findUnique({
      where: { grantId: grantIdOf(tokens.access_token) },
    });
    expect(row).not.toBeNull();
  });
});

describe('consent', () => {
  it('is remembered per account and client: signing in again needs no new consent', async () => {
    const { user } = await signedUpBrowser();
    const fresh = new Browser(server.url);
    const loginPage = await fresh.follow(
      authorizeUrl({
        clientId: webClient.id,
        redirectUri: REDIRECT,
        scope: 'openid memories:read',
        pkce: pkce(),
      }),
    );
    const done = await signIn(fresh, loginPage, user.username, user.password);
    expect(callbackParams(done).get('code')).toBeTruthy();
  });

  it('outlives sign-out: with the grant revoked, signing in again restores it without asking', async () => {
    const { tokens, user } = await issueTokens();
    const revoked = await revokeToken(server, tokens.refresh_token);
    expect(revoked.status).toBe(200);
    const oldGrant = grantIdOf(tokens.access_token);
    expect(await server.auth.revocation.isGrantRevoked(oldGrant)).toBe(true);

    const browser = new Browser(server.url);
    const verifier = pkce();
    const loginPage = await browser.follow(
      authorizeUrl({
        clientId: webClient.id,
        redirectUri: REDIRECT,
        scope: 'openid memories:read',
        pkce: verifier,
      }),
    );
    const done = await signIn(browser, loginPage, user.username, user.password);
    const again = await exchangeCode(server, callbackParams(done).get('code')!, verifier, REDIRECT);
    expect(again.status).toBe(200);
    expect(again.body.scope).toBe('memories:read');
    expect(again.body.id_token).toBeTruthy();
    const newGrant = grantIdOf(again.body.access_token);
    expect(newGrant).not.toBe(oldGrant);
    expect(await server.auth.revocation.isGrantRevoked(newGrant)).toBe(false);
  });

  it('covers only what was allowed: asking for more shows the consent page', async () => {
    const { user } = await issueTokens();
    const browser = new Browser(server.url);
    const loginPage = await browser.follow(
      authorizeUrl({
        clientId: webClient.id,
        redirectUri: REDIRECT,
        scope: 'openid memories:read memories:write',
        pkce: pkce(),
      }),
    );
    const next = await signIn(browser, loginPage, user.username, user.password);
    expect(next.location).toBeUndefined();
    expect(next.body).toContain('Create, change and delete your memories');
    const account = await test.db.prisma.user.findUniqueOrThrow({
      where: { username: user.username },
    });
    expect(await server.auth.consents.find(account.id, webClient.id)).toMatchObject({
      scope: 'openid memories:read',
      resources: { [`${server.url}/mcp`]: 'memories:read' },
    });
  });

  it('Deny sends access_denied back to the client', async () => {
    const browser = new Browser(server.url);
    const loginPage = await browser.follow(
      authorizeUrl({
        clientId: webClient.id,
        redirectUri: REDIRECT,
        scope: 'openid memories:write',
        pkce: pkce(),
      }),
    );
    const done = await consent(browser, await register(browser, loginPage, newUser()), 'deny');
    expect(callbackParams(done).get('error')).toBe('access_denied');
  });
});

describe('discovery (RFC 8414 and OpenID Connect)', () => {
  it.each(['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration'])(
    '%s advertises what is implemented',
    async (path) => {
      const metadata = (await (await fetch(`${server.url}${path}`)).json()) as Record<
        string,
        unknown
      >;
      expect(metadata).toMatchObject({
        issuer: server.url,
        code_challenge_methods_supported: ['S256'],
        registration_endpoint: `${server.url}/reg`,
        client_id_metadata_document_supported: true,
        authorization_response_iss_parameter_supported: true,
        response_types_supported: ['code'],
        revocation_endpoint: `${server.url}/token/revocation`,
        introspection_endpoint: `${server.url}/token/introspection`,
      });
      expect(metadata.scopes_supported).toEqual(
        expect.arrayContaining(['openid', 'offline_access', 'memories:read', 'memories:write']),
      );
      expect(metadata.grant_types_supported).toEqual(
        expect.arrayContaining(['authorization_code', 'refresh_token']),
      );
      expect(metadata.grant_types_supported).not.toContain('implicit');
      expect(metadata.grant_types_supported).not.toContain('password');
    },
  );
});

describe('sign-out (RP-initiated logout)', () => {
  it('asks for confirmation on our page, then ends the session so the next sign-in asks again', async () => {
    const { browser } = await signedUpBrowser();
    const confirm = await browser.follow(`/session/end?client_id=${webClient.id}`);
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('Sign out of Picard on this browser too?');
    expect(confirm.body).toContain('You have signed out of Picard web.');
    expect(confirm.body).toContain('/assets/picard.css');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)![1]!;
    const done = await browser.follow(/action="([^"]+)"/.exec(confirm.body)![1]!, {
      form: { xsrf, logout: 'yes' },
    });
    expect(done.body).toContain('You are signed out');
    const again = await browser.follow(
      authorizeUrl({
        clientId: webClient.id,
        redirectUri: REDIRECT,
        scope: 'openid memories:read',
        pkce: pkce(),
      }),
    );
    expect(again.body).toContain('Sign in to continue');
  });
});
