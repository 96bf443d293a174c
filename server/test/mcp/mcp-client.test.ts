import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { decodeJwt } from 'jose';
import { TestOAuthProvider } from '../../../test/support/mcp-oauth-client.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

let test: TestDatabase;
let server: TestServer;
const clients: Client[] = [];

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db);
});
afterAll(async () => {
  // Clients left open by a failed test would keep their streams (and jest) alive.
  for (const client of clients) await client.close();
  await server.close();
  await test.drop();
});

/** A fetch that remembers what the SDK asked for, to check the discovery sequence. */
function recordingFetch() {
  const calls: string[] = [];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const response = await fetch(input, init);
    calls.push(`${init?.method ?? 'GET'} ${url.pathname} ${response.status}`);
    return response;
  };
  return { calls, fetchFn };
}

type ToolResult = {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content: unknown[];
};

/** Connects an SDK client, completing OAuth when the server asks for it. */
async function connect(provider: TestOAuthProvider, fetchFn?: typeof fetch) {
  const url = new URL(`${server.url}/mcp`);
  const client = new Client({ name: 'picard-test', version: '1.0.0' });
  clients.push(client);
  const first = new StreamableHTTPClientTransport(url, { authProvider: provider, fetch: fetchFn });
  try {
    await client.connect(first);
    return client;
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
  }
  await first.finishAuth(provider.code!);
  const second = new StreamableHTTPClientTransport(url, { authProvider: provider, fetch: fetchFn });
  await client.connect(second);
  return client;
}

/** `expected` appear in `calls` in this order (other calls may come between). */
function expectInOrder(calls: string[], expected: string[]) {
  let from = 0;
  for (const entry of expected) {
    const at = calls.indexOf(entry, from);
    expect([entry, at >= 0]).toEqual([entry, true]);
    from = at + 1;
  }
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

describe('the MCP SDK client, end to end over real HTTP', () => {
  it('gets the 401, discovers, registers, authorizes with PKCE, and uses the tools', async () => {
    const provider = new TestOAuthProvider(server.url, {
      username: 'crusher',
      password: 'the traveler says hello',
      register: true,
    });
    const { calls, fetchFn } = recordingFetch();
    const client = await connect(provider, fetchFn);

    expectInOrder(calls, [
      'POST /mcp 401',
      'GET /.well-known/oauth-protected-resource/mcp 200',
      'GET /.well-known/oauth-authorization-server 200',
      'POST /reg 201',
      'POST /token 200',
      'POST /mcp 200',
    ]);
    const authorization = provider.authorizations[0]!.searchParams;
    expect(authorization.get('code_challenge_method')).toBe('S256');
    expect(authorization.get('resource')).toBe(`${server.url}/mcp`);
    expect(authorization.get('scope')).toBe('memories:read memories:write');
    const token = decodeJwt(provider.tokens()!.access_token);
    expect(token.aud).toBe(`${server.url}/mcp`);

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      [
        'delete_memory',
        'fetch',
        'get_memory',
        'get_memory_history',
        'manage_group',
        'get_import',
        'import_memories',
        'modify_permissions',
        'query_memory',
        'query_user',
        'retrieve_memories',
        'share_memory',
        'search',
        'submit_memory',
        'update_memory',
      ].sort(),
    );
    for (const tool of tools) {
      expect(tool.description).toBeTruthy();
      expect(tool.annotations).toEqual(
        expect.objectContaining({ readOnlyHint: expect.any(Boolean) }),
      );
      for (const [field, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
        expect([tool.name, field, (schema as { description?: string }).description]).toEqual([
          tool.name,
          field,
          expect.any(String),
        ]);
      }
    }
    const annotations = Object.fromEntries(tools.map((tool) => [tool.name, tool.annotations]));
    expect(annotations.delete_memory).toMatchObject({ destructiveHint: true, readOnlyHint: false });
    expect(annotations.query_memory).toMatchObject({ readOnlyHint: true });
    expect(annotations.modify_permissions).toMatchObject({ idempotentHint: true });

    const stored = await call(client, 'submit_memory', {
      text: 'I keep my mother’s candle and its ghost stories on the mantel',
      tags: ['family'],
      permission: 'public',
    });
    expect(stored.isError).toBeFalsy();
    const memory = stored.structuredContent as { id: string; text: string };
    expect(memory.text).toMatch(/candle/);

    const found = await call(client, 'query_memory', { query: 'my mother’s candle', limit: 3 });
    const results = (found.structuredContent as { results: { memory: { id: string } }[] }).results;
    expect(results[0]!.memory.id).toBe(memory.id);

    const asked = await call(client, 'query_user', {
      username: 'crusher',
      question: 'Tell me about your mother’s candle',
    });
    expect(asked.structuredContent).toMatchObject({
      username: 'crusher',
      mode: 'extractive',
      citations: [expect.objectContaining({ memory: expect.objectContaining({ id: memory.id }) })],
    });
  });

  it('steps up from a read-only token to write when a write tool answers 403 insufficient_scope', async () => {
    // A client registered without the refresh grant, so stepping up is a new authorization.
    const provider = new TestOAuthProvider(
      server.url,
      { username: 'ogawa', password: 'sickbay is ready', register: true },
      { grantTypes: ['authorization_code'] },
    );
    const { calls, fetchFn } = recordingFetch();
    const client = new Client({ name: 'picard-step-up', version: '1.0.0' });
    clients.push(client);
    const url = new URL(`${server.url}/mcp`);
    const transport = new StreamableHTTPClientTransport(url, {
      authProvider: provider,
      fetch: fetchFn,
    });
    // Seed the provider with a read-only token obtained through the same flow.
    await obtainReadOnlyToken(provider);
    await client.connect(transport);
    expect(decodeJwt(provider.tokens()!.access_token).scope).toBe('memories:read');
    expect((await call(client, 'retrieve_memories', {})).isError).toBeFalsy();

    await expect(call(client, 'submit_memory', { text: 'Step up, ensign' })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    expect(calls).toContain('POST /mcp 403');
    // The refused write is in the owner's activity, under the application.
    const userId = decodeJwt(provider.tokens()!.access_token).sub!;
    const refused = (await server.audit.list(userId)).items.find(
      (entry) => entry.outcome === 'insufficient_scope',
    );
    expect(refused).toMatchObject({
      action: 'memory.create',
      surface: 'mcp',
      clientId: decodeJwt(provider.tokens()!.access_token).client_id,
    });
    const stepUp = provider.authorizations.at(-1)!.searchParams;
    expect(stepUp.get('scope')).toBe('memories:read memories:write');
    await transport.finishAuth(provider.code!);
    expect(decodeJwt(provider.tokens()!.access_token).scope).toBe('memories:read memories:write');

    const stored = await call(client, 'submit_memory', { text: 'Step up, ensign' });
    expect(stored.isError).toBeFalsy();
    // Same session: it belongs to the user and client, not to one token.
    expect((await call(client, 'retrieve_memories', {})).structuredContent).toMatchObject({
      items: [expect.objectContaining({ text: 'Step up, ensign' })],
    });
  });
});

/**
 * Registers the provider's client and authorizes it for `memories:read`
 * only, as a client configured for read access would.
 */
async function obtainReadOnlyToken(provider: TestOAuthProvider) {
  const {
    discoverAuthorizationServerMetadata,
    registerClient,
    startAuthorization,
    exchangeAuthorization,
  } = await import('@modelcontextprotocol/sdk/client/auth.js');
  const metadata = (await discoverAuthorizationServerMetadata(server.url))!;
  const client = await registerClient(server.url, {
    metadata,
    clientMetadata: provider.clientMetadata,
  });
  provider.saveClientInformation({ ...client, issuer: server.url } as never);
  const { authorizationUrl, codeVerifier } = await startAuthorization(server.url, {
    metadata,
    clientInformation: client,
    redirectUrl: provider.redirectUrl,
    scope: 'memories:read',
    resource: new URL(`${server.url}/mcp`),
  });
  await provider.redirectToAuthorization(authorizationUrl);
  const tokens = await exchangeAuthorization(server.url, {
    metadata,
    clientInformation: client,
    authorizationCode: provider.code!,
    codeVerifier,
    redirectUri: provider.redirectUrl,
    resource: new URL(`${server.url}/mcp`),
  });
  provider.saveTokens({ ...tokens, issuer: server.url } as never);
  provider.authorizations.length = 0;
}
