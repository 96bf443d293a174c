import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { Browser } from '../helpers/browser.js';
import {
  authorizeUrl,
  callbackParams,
  consent,
  pkce,
  register,
  signIn,
  tokenRequest,
} from '../helpers/oauth.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const REDIRECT = 'http://127.0.0.1:9/callback';
let test: TestDatabase;
let server: TestServer;
let webClient: { id: string; secret: string };

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db, { OAUTH_REDIRECT_URIS: REDIRECT });
  webClient = {
    id: server.config.oauth.webClient.clientId,
    secret: server.config.oauth.webClient.clientSecret,
  };
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

    const tokens = await tokenRequest(
      server.url,
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: verifier.verifier,
      },
      webClient,
    );
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
