import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import { Browser } from '../../../scripts/lib/browser.js';
import { openMcpSession } from '../../../scripts/lib/mcp-session.js';
import { callbackParams, pkce, type Pkce } from '../../../scripts/lib/oauth.js';
import { authorizeAsPerson, registerClient } from '../../../test/support/dynamic-clients.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

/**
 * Each MCP client people use, replayed as it registers (RFC 7591) and
 * authorizes, from the public sources cited on each case: registration,
 * sign-in, consent, code exchange, then an MCP session with tools/list and
 * a tool call over plain Streamable HTTP. What a client reads from discovery
 * (the challenge's scope, scopes_supported) is read here from this server.
 */

let test: TestDatabase;
let server: TestServer;
/** What the 401 challenge on /mcp asks for (MCP authorization, scope selection). */
let challengeScope: string;
/** The authorization server metadata's scopes_supported (RFC 8414). */
let scopesSupported: string[];
/** The protected resource's scopes_supported (RFC 9728). */
let resourceScopes: string[];

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db);
  const unauthorized = await fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  challengeScope = /scope="([^"]+)"/.exec(unauthorized.headers.get('www-authenticate') ?? '')![1]!;
  const metadata = (await (
    await fetch(`${server.url}/.well-known/oauth-authorization-server`)
  ).json()) as { scopes_supported: string[] };
  scopesSupported = metadata.scopes_supported;
  const resource = (await (
    await fetch(`${server.url}/.well-known/oauth-protected-resource/mcp`)
  ).json()) as { scopes_supported: string[] };
  resourceScopes = resource.scopes_supported;
  await server.auth.accounts.register({ ...person, email: `${person.username}@example.com` });
});
afterAll(async () => {
  await server.close();
  await test.drop();
});

/** One person connecting every client, signing in each time on Picard's page. */
const person = {
  username: `jean-luc-${Date.now() % 100000}`,
  password: 'tea earl grey hot, please',
};

interface Replay {
  /** The registration request body, as the client sends it. */
  registration: Record<string, unknown>;
  /** Headers of the registration request that matter (a browser's Origin). */
  registrationHeaders?: Record<string, string>;
  /** The redirect_uri of the authorization request. */
  redirectUri: string;
  /** The authorization request's other parameters, as the client sends them. */
  authorization: (verifier: Pkce) => Record<string, string>;
  /** How the client authenticates at the token endpoint. */
  tokenAuth: 'none' | 'client_secret_post';
}

/** Registers, signs the person in, consents, exchanges the code; returns the tokens. */
async function connect(replay: Replay) {
  const registration = await registerClient(
    server.url,
    replay.registration,
    replay.registrationHeaders,
  );
  expect(registration.status).toBe(201);
  const client = registration.body;
  const verifier = pkce();
  const { page, pages } = await authorizeAsPerson(
    new Browser(server.url),
    {
      client_id: String(client.client_id),
      redirect_uri: replay.redirectUri,
      ...replay.authorization(verifier),
    },
    person,
  );
  expect(page.location?.startsWith(replay.redirectUri)).toBe(true);
  const params = callbackParams(page);
  expect(params.get('iss')).toBe(server.url);
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: params.get('code')!,
    redirect_uri: replay.redirectUri,
    code_verifier: verifier.verifier,
    client_id: String(client.client_id),
  });
  if (replay.tokenAuth === 'client_secret_post') {
    form.set('client_secret', String(client.client_secret));
  }
  const response = await fetch(`${server.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  const tokens = (await response.json()) as Record<string, unknown>;
  expect({ status: response.status, error: tokens.error }).toEqual({
    status: 200,
    error: undefined,
  });
  return { client, tokens, consentPage: pages.at(-1)!.body };
}

/** One MCP session with the access token: tools/list, then one tool call. */
async function useMcp(accessToken: string, clientName: string) {
  expect(decodeJwt(accessToken).aud).toBe(`${server.url}/mcp`);
  const session = await openMcpSession(server.url, accessToken, clientName);
  const list = await fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: session.headers,
    body: JSON.stringify({ jsonrpc: '2.0', id: 'list', method: 'tools/list' }),
  });
  expect(list.status).toBe(200);
  expect(await list.text()).toContain('"retrieve_memories"');
  expect(await session.call('submit_memory', { text: `${clientName} was here` })).toBe(true);
  expect(await session.call('retrieve_memories', {})).toBe(true);
}

const s256 = (verifier: Pkce) => ({
  response_type: 'code',
  code_challenge: verifier.challenge,
  code_challenge_method: 'S256',
  state: `state-${verifier.challenge.slice(0, 8)}`,
});

describe('real MCP clients register, authorize, exchange the code and call a tool', () => {
  it('Claude (claude.ai and Claude Desktop, registering from its servers)', async () => {
    // Claude's backend registers with every scope in scopes_supported
    // (garrytan/gbrain#5055), token_endpoint_auth_method client_secret_post
    // (anthropics/claude-ai-mcp#1043), and the callback
    // https://claude.ai/api/mcp/auth_callback (anthropics/claude-ai-mcp#124,
    // anthropics/claude-code#5826), from python-httpx (claude-ai-mcp#82).
    const redirectUri = 'https://claude.ai/api/mcp/auth_callback';
    const { client, tokens, consentPage } = await connect({
      registration: {
        client_name: 'Claude',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
        scope: scopesSupported.join(' '),
      },
      registrationHeaders: { 'user-agent': 'python-httpx/0.28.1' },
      redirectUri,
      authorization: (verifier) => ({
        ...s256(verifier),
        scope: challengeScope,
        resource: `${server.url}/mcp`,
      }),
      tokenAuth: 'client_secret_post',
    });
    expect(consentPage).toContain('sent back to <strong>claude.ai</strong>');
    // Claude abandons registrations without these (twentyhq/twenty#19858,
    // akutishevsky/withings-mcp#29).
    expect(client).toMatchObject({
      client_secret: expect.any(String),
      registration_client_uri: `${server.url}/reg/${String(client.client_id)}`,
    });
    await useMcp(String(tokens.access_token), 'claude-ai');
  });

  it('ChatGPT connectors (registering without scope)', async () => {
    // ChatGPT registers a per-connector callback under
    // https://chatgpt.com/connector/oauth/ (BasedHardware/omi#8824,
    // danielealbano/android-remote-control-mcp#166) as a public client, may
    // omit scope (DESIGN facts), and asks for the resource's scopes.
    const redirectUri = 'https://chatgpt.com/connector/oauth/OUbdUMlL15Ct';
    const { tokens } = await connect({
      registration: {
        client_name: 'ChatGPT',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
      registrationHeaders: { 'user-agent': 'Python/3.12 aiohttp/3.13.3' },
      redirectUri,
      authorization: (verifier) => ({
        ...s256(verifier),
        scope: resourceScopes.join(' '),
        resource: `${server.url}/mcp`,
      }),
      tokenAuth: 'none',
    });
    expect(tokens.scope).toBe('memories:read memories:write');
    await useMcp(String(tokens.access_token), 'openai-mcp');
  });

  it('Cursor (private-use, https and loopback in one registration)', async () => {
    // Cursor registers these three in one request (erp-mafia/accounted#2225,
    // koala73/worldmonitor#8305) and comes back on its cursor:// link
    // (makeplane/plane-mcp-server#159).
    const redirectUri = 'cursor://anysphere.cursor-mcp/oauth/callback';
    const { tokens, consentPage } = await connect({
      registration: {
        client_name: 'Cursor',
        redirect_uris: [
          redirectUri,
          'https://www.cursor.com/agents/mcp/oauth/callback',
          'http://localhost:8787/callback',
        ],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
      redirectUri,
      authorization: (verifier) => ({
        ...s256(verifier),
        scope: challengeScope,
        resource: `${server.url}/mcp`,
      }),
      tokenAuth: 'none',
    });
    expect(consentPage).toContain('cursor: links (anysphere.cursor-mcp)');
    await useMcp(String(tokens.access_token), 'cursor-vscode');
  });

  it('VS Code, authorizing from another loopback port because 33418 is busy', async () => {
    // The registration body of fetchDynamicRegistration in microsoft/vscode
    // src/vs/base/common/oauth.ts; when port 33418 is taken VS Code listens on
    // a random port and sends that in the authorization request
    // (microsoft/vscode#278512).
    const redirectUri = 'http://127.0.0.1:59656/';
    const { tokens, consentPage } = await connect({
      registration: {
        client_name: 'Visual Studio Code',
        client_uri: 'https://code.visualstudio.com',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [
          'https://insiders.vscode.dev/redirect',
          'https://vscode.dev/redirect',
          'http://127.0.0.1/',
          'http://127.0.0.1:33418/',
        ],
        scope: challengeScope,
        token_endpoint_auth_method: 'none',
        application_type: 'native',
      },
      redirectUri,
      authorization: (verifier) => ({
        ...s256(verifier),
        scope: challengeScope,
        resource: `${server.url}/mcp`,
      }),
      tokenAuth: 'none',
    });
    expect(consentPage).toContain('an application on this computer (127.0.0.1:59656)');
    await useMcp(String(tokens.access_token), 'Visual Studio Code');
  });

  it('Codex (registers one scope, asks for both)', async () => {
    // Codex registers through rmcp as "Codex" with a loopback callback whose
    // path ends in a callback id derived from the server URL (openai/codex
    // codex-rs/rmcp-client/src/perform_oauth_login.rs) and no resource
    // unless configured; it registers fewer scopes than it then asks for (issue 14).
    const redirectUri = 'http://127.0.0.1:53211/callback/6MFBM1In3Ey-';
    const { tokens } = await connect({
      registration: {
        client_name: 'Codex',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        token_endpoint_auth_method: 'none',
        response_types: ['code'],
        scope: 'memories:read',
      },
      redirectUri,
      authorization: (verifier) => ({
        ...s256(verifier),
        scope: 'memories:read memories:write',
      }),
      tokenAuth: 'none',
    });
    expect(tokens.scope).toBe('memories:read memories:write');
    await useMcp(String(tokens.access_token), 'codex-mcp-client');
  });

  it('Windsurf (loopback callback on a port of its own)', async () => {
    // Windsurf's loopback callback path /windsurf-auth-callback, as MCP
    // servers allowlist it for Windsurf (public allowlists; Windsurf's client
    // is not open source), registered as a public client.
    const redirectUri = 'http://127.0.0.1:61512/windsurf-auth-callback';
    const { tokens } = await connect({
      registration: {
        client_name: 'Windsurf',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
      redirectUri,
      authorization: (verifier) => ({
        ...s256(verifier),
        scope: challengeScope,
        resource: `${server.url}/mcp`,
      }),
      tokenAuth: 'none',
    });
    await useMcp(String(tokens.access_token), 'windsurf-client');
  });

  it('the MCP Inspector (a browser page registering with an empty scope)', async () => {
    // InspectorOAuthClientProvider.clientMetadata in modelcontextprotocol/inspector
    // client/src/lib/auth.ts: the page's origin + /oauth/callback, scope "" when
    // none is known; the browser sends the page's Origin.
    const redirectUri = 'http://localhost:6274/oauth/callback';
    const origin = 'http://localhost:6274';
    const preflight = await fetch(`${server.url}/reg`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    const { tokens } = await connect({
      registration: {
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        client_name: 'MCP Inspector',
        client_uri: 'https://github.com/modelcontextprotocol/inspector',
        scope: '',
      },
      registrationHeaders: { origin },
      redirectUri,
      authorization: (verifier) => ({
        ...s256(verifier),
        scope: challengeScope,
        resource: `${server.url}/mcp`,
      }),
      tokenAuth: 'none',
    });
    await useMcp(String(tokens.access_token), 'mcp-inspector');
  });
});
