import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Browser } from '../../../scripts/lib/browser.js';
import { callbackParams, pkce, tokenRequest } from '../../../scripts/lib/oauth.js';
import { describeRedirect, metadataDocumentHost } from '../../src/pages/redirect-destination.js';
import { consentPage } from '../../src/pages/views/interaction-pages.js';
import { authorizeAsPerson, registerClient } from '../../../test/support/dynamic-clients.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

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

let counter = 0;
const newPerson = () => {
  counter += 1;
  return { username: `reg-${counter}-${Date.now() % 100000}`, password: 'make it so, number one' };
};

const CURSOR_URIS = [
  'cursor://anysphere.cursor-mcp/oauth/callback',
  'https://www.cursor.com/agents/mcp/oauth/callback',
  'http://localhost:8787/callback',
];

const authorizeQuery = (
  clientId: string,
  redirectUri: string,
  scope: string,
  challenge: string,
) => ({
  response_type: 'code',
  client_id: clientId,
  redirect_uri: redirectUri,
  scope,
  state: 'state-1',
  code_challenge: challenge,
  code_challenge_method: 'S256',
});

describe('redirect URIs, each judged by its own kind', () => {
  it.each([
    ['https, loopback and a private-use scheme at once (Cursor)', CURSOR_URIS],
    ['https and loopback (VS Code)', ['https://vscode.dev/redirect', 'http://127.0.0.1:33418/']],
    ['a private-use scheme and https', ['com.example.app:/cb', 'https://app.example/cb']],
    ['IPv6 loopback', ['http://[::1]:9000/cb']],
  ])('registers %s as a native app', async (_case, uris) => {
    const { status, body } = await registerClient(server.url, {
      redirect_uris: uris,
      token_endpoint_auth_method: 'none',
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ application_type: 'native', redirect_uris: uris });
  });

  it('keeps an all-https client a web application', async () => {
    const { status, body } = await registerClient(server.url, {
      redirect_uris: ['https://app.example/cb', 'https://app.example/other'],
      token_endpoint_auth_method: 'none',
    });
    expect(status).toBe(201);
    expect(body.application_type).toBe('web');
  });

  it.each([
    ['a WebSocket URI beside good ones', [...CURSOR_URIS, 'ws://127.0.0.1/cb']],
    ['a private-use scheme without a domain', ['https://app.example/cb', 'myapp://cb']],
    ['plain http to another host beside loopback', ['http://127.0.0.1/cb', 'http://evil.example/']],
    ['a javascript: URI', ['javascript://x.example/%0aalert(1)']],
  ])('refuses %s, naming the URI', async (_case, uris) => {
    const { status, body } = await registerClient(server.url, {
      redirect_uris: uris,
      token_endpoint_auth_method: 'none',
    });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_redirect_uri');
    expect(String(body.error_description)).toContain(uris.at(-1)!.slice(0, 12));
  });
});

describe('loopback redirects on any port (RFC 8252 §7.3)', () => {
  it('lets a client that registered a loopback URI use another port at /auth, and /token match /auth', async () => {
    const { body: client } = await registerClient(server.url, {
      redirect_uris: ['https://vscode.dev/redirect', 'http://127.0.0.1:33418/'],
      token_endpoint_auth_method: 'none',
    });
    const clientId = String(client.client_id);
    const verifier = pkce();
    const busyPortRedirect = 'http://127.0.0.1:51234/';
    const { page } = await authorizeAsPerson(
      new Browser(server.url),
      authorizeQuery(clientId, busyPortRedirect, 'memories:read', verifier.challenge),
      { ...newPerson(), signUp: true },
    );
    expect(page.location!.startsWith(busyPortRedirect)).toBe(true);
    const code = callbackParams(page).get('code')!;
    const exchange = (redirectUri: string) =>
      tokenRequest(
        server.url,
        {
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier.verifier,
        },
        { id: clientId },
      );
    // RFC 6749 §4.1.3: the redirect_uri at /token is the one the code was issued for.
    expect(await exchange('http://127.0.0.1:33418/')).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect((await exchange(busyPortRedirect)).status).toBe(200);
  });

  it('does not let the port vary on the loopback host of another path, or on another host', async () => {
    const { body: client } = await registerClient(server.url, {
      redirect_uris: ['https://vscode.dev/redirect', 'http://127.0.0.1:33418/'],
      token_endpoint_auth_method: 'none',
    });
    for (const redirectUri of ['http://127.0.0.1:51234/elsewhere', 'http://localhost:51234/']) {
      const page = await new Browser(server.url).follow(
        `/auth?${new URLSearchParams(authorizeQuery(String(client.client_id), redirectUri, 'memories:read', pkce().challenge))}`,
      );
      expect(page.status).toBe(400);
      expect(page.location).toBeUndefined();
    }
  });
});

describe('scopes of dynamically registered clients', () => {
  it('are not limited to the registered scope: consent is the gate', async () => {
    const { status, body: client } = await registerClient(server.url, {
      redirect_uris: ['http://127.0.0.1/callback'],
      token_endpoint_auth_method: 'none',
      scope: 'memories:read',
    });
    expect(status).toBe(201);
    expect(client.scope).toBeUndefined();
    const verifier = pkce();
    const { page, pages } = await authorizeAsPerson(
      new Browser(server.url),
      authorizeQuery(
        String(client.client_id),
        'http://127.0.0.1:4000/callback',
        'memories:read memories:write',
        verifier.challenge,
      ),
      { ...newPerson(), signUp: true },
    );
    expect(pages.at(-1)!.body).toContain('Create, change and delete your memories');
    const tokens = await tokenRequest(
      server.url,
      {
        grant_type: 'authorization_code',
        code: callbackParams(page).get('code')!,
        redirect_uri: 'http://127.0.0.1:4000/callback',
        code_verifier: verifier.verifier,
      },
      { id: String(client.client_id) },
    );
    expect(tokens.body.scope).toBe('memories:read memories:write');
  });

  it('accepts a registered scope the server does not offer (it is not kept)', async () => {
    const { status } = await registerClient(server.url, {
      redirect_uris: ['https://claude.ai/api/mcp/auth_callback'],
      scope: 'claudeai',
    });
    expect(status).toBe(201);
  });

  it('still refuses an unknown scope at /auth', async () => {
    const { body: client } = await registerClient(server.url, {
      redirect_uris: ['http://127.0.0.1/callback'],
      token_endpoint_auth_method: 'none',
    });
    const page = await new Browser(server.url).follow(
      `/auth?${new URLSearchParams(authorizeQuery(String(client.client_id), 'http://127.0.0.1:4000/callback', 'memories:read warp:core', pkce().challenge))}`,
    );
    expect(page.status).toBe(400);
    expect(page.body).toContain('warp:core');
  });
});

describe('unknown client metadata (RFC 7591 §2: ignored)', () => {
  it('registers, and neither echoes nor keeps what it does not understand', async () => {
    const { status, body } = await registerClient(server.url, {
      redirect_uris: ['https://app.example/cb'],
      token_endpoint_auth_method: 'none',
      client_name: 'Unknown fields',
      favourite_colour: 'blue',
      x_vendor_extension: { nested: [1, 2, 3] },
      require_pushed_authorization_requests_eventually: true,
    });
    expect(status).toBe(201);
    expect(body).not.toHaveProperty('favourite_colour');
    expect(body).not.toHaveProperty('x_vendor_extension');
    const [stored] = await test.db.sql.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM oidc_payloads WHERE type = 'Client' AND id = $1`,
      [body.client_id],
    );
    expect(stored!.payload.client_name).toBe('Unknown fields');
    expect(Object.keys(stored!.payload)).not.toContain('favourite_colour');
    expect(Object.keys(stored!.payload)).not.toContain('x_vendor_extension');
  });
});

describe('client_name', () => {
  it.each([
    ['the web client’s name', 'Picard web'],
    ['its id in capitals', 'PICARD-WEB'],
    ['the product name with a Cyrillic а', 'Picаrd'],
    ['full-width letters', 'Ｐｉｃａｒｄ Ｗｅｂ'],
    ['spaced out with a zero-width space', 'P i c\u200ba r d  web'],
    ['digits for letters', 'P1card sync'],
    ['inside a camel-cased name', 'MyPicardSync'],
  ])('refuses %s', async (_case, name) => {
    const { status, body } = await registerClient(server.url, {
      redirect_uris: ['https://app.example/cb'],
      client_name: name,
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error: 'invalid_client_metadata',
      error_description: expect.stringContaining('client_name'),
    });
  });

  it('refuses an absurdly long name, and accepts one of 100 characters', async () => {
    const register = (name: string) =>
      registerClient(server.url, { redirect_uris: ['https://app.example/cb'], client_name: name });
    expect(await register('N'.repeat(101))).toMatchObject({
      status: 400,
      body: { error: 'invalid_client_metadata' },
    });
    expect((await register('N'.repeat(100))).status).toBe(201);
  });

  it.each(['Claude', 'Visual Studio Code', 'MCP Inspector', 'Cursor', 'Epic Ardent notes'])(
    'accepts %s',
    async (name) => {
      const { status } = await registerClient(server.url, {
        redirect_uris: ['https://app.example/cb'],
        client_name: name,
      });
      expect(status).toBe(201);
    },
  );
});

describe('the consent page says where the person will be sent', () => {
  it('names the redirect host of a private-use scheme and of a loopback port', async () => {
    const { body: client } = await registerClient(server.url, {
      redirect_uris: CURSOR_URIS,
      token_endpoint_auth_method: 'none',
      client_name: 'Cursor',
    });
    const { pages } = await authorizeAsPerson(
      new Browser(server.url),
      authorizeQuery(String(client.client_id), CURSOR_URIS[0]!, 'memories:read', pkce().challenge),
      { ...newPerson(), signUp: true },
    );
    expect(pages.at(-1)!.body).toContain('the app that opens cursor: links (anysphere.cursor-mcp)');
  });

  it.each([
    ['https://claude.ai/api/mcp/auth_callback', 'claude.ai'],
    ['http://127.0.0.1:33418/', 'an application on this computer (127.0.0.1:33418)'],
    ['com.example.app:/oauth/cb', 'the app that opens com.example.app: links (oauth)'],
  ])('describes %s as %s', (uri, words) => {
    expect(describeRedirect(uri)).toBe(words);
  });

  it('shows the host of a client ID metadata document (its client_id)', () => {
    const host = metadataDocumentHost('https://claude.ai/oauth/mcp-oauth-client-metadata');
    expect(host).toBe('claude.ai');
    expect(metadataDocumentHost('0f3a-registered-client-id')).toBeUndefined();
    const html = consentPage({
      uid: 'u',
      csrf: 'c',
      clientName: 'Claude',
      redirectHost: 'claude.ai',
      clientIdHost: host,
      scopes: [],
    });
    expect(html).toContain('This application is described by <strong>claude.ai</strong>');
  });
});
