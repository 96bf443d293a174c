import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { CreateMessageRequest } from '@modelcontextprotocol/client';
import { startFakeOpenAI } from '../../../test/support/fake-openai.js';
import { resourceUser, type ResourceUser } from '../../../scripts/lib/resource-users.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';
import { revokeToken } from '../../../scripts/lib/oauth.js';

let test: TestDatabase;
let server: TestServer;
const clients: Client[] = [];
let worf: ResourceUser;
let alexander: ResourceUser;
let worfClient: Client;
let alexanderClient: Client;
let secretId: string;
let publicId: string;

type ToolResult = {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content: { type: string; text: string }[];
};

/** An SDK client on `/mcp` with a bearer token, as any configured client connects. */
async function connect(
  user: ResourceUser,
  options: { sampling?: (request: CreateMessageRequest) => string; server?: TestServer } = {},
): Promise<Client> {
  const client = new Client(
    { name: 'picard-surface-test', version: '1.0.0' },
    { capabilities: options.sampling ? { sampling: {} } : {} },
  );
  if (options.sampling) {
    const answer = options.sampling;
    client.setRequestHandler('sampling/createMessage', async (request) => ({
      role: 'assistant',
      model: 'test-model',
      content: { type: 'text', text: answer(request) },
    }));
  }
  clients.push(client);
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${(options.server ?? server).url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${user.accessToken}` } },
    }),
  );
  return client;
}

const call = async (client: Client, name: string, args: Record<string, unknown>) =>
  (await client.callTool({ name, arguments: args })) as ToolResult;

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db);
  worf = await resourceUser(server, { prefix: 'worf', resource: 'mcp' });
  alexander = await resourceUser(server, { prefix: 'alexander', resource: 'mcp' });
  worfClient = await connect(worf);
  alexanderClient = await connect(alexander);
  const secret = await call(worfClient, 'submit_memory', {
    text: 'I secretly enjoy Earl Grey tea and opera',
  });
  const shared = await call(worfClient, 'submit_memory', {
    text: 'I enjoy prune juice, a warrior’s drink',
    permission: 'public',
    tags: ['drinks'],
  });
  secretId = (secret.structuredContent as { id: string }).id;
  publicId = (shared.structuredContent as { id: string }).id;
});
afterAll(async () => {
  for (const client of clients) await client.close();
  await server.close();
  await test.drop();
});

describe('MCP tools: errors are tool results the model can read', () => {
  it.each([
    ['submit_memory', { text: '   ' }, /text must not be empty/],
    ['submit_memory', { text: 'a', expires_at: 'next tuesday' }, /expires_at: must be a date-time/],
    [
      'submit_memory',
      { text: 'a', expires_at: '2001-01-01T00:00:00Z' },
      /expires_at must be in the future/,
    ],
    [
      'submit_memory',
      { text: 'a', permission: 'secret' },
      /permission must be "private", "public" or "shared"/,
    ],
    // The spelling REST and the results use is not an argument: refused, not silently ignored.
    [
      'submit_memory',
      { text: 'a', expiresAt: '2099-01-01T00:00:00Z' },
      /unknown argument "expiresAt"; expected "text", "permission", "tags", "expires_at"/,
    ],
    ['submit_memory', { text: 'a', color: 'blue' }, /unknown argument "color"/],
    ['get_memory', { memory_id: 'x'.repeat(101) }, /memory_id is not a memory id/],
    ['update_memory', { memory_id: 'not-an-id', text: 'x' }, /Memory not found/],
    ['query_memory', { query: 'x', min_similarity: 5 }, /min_similarity must be between -1 and 1/],
    ['query_memory', { query: 'x'.repeat(2_001) }, /query must be at most 2000 characters/],
    ['query_user', { username: 'nobody-at-all', question: 'hello?' }, /User not found/],
    ['retrieve_memories', { cursor: 'garbage' }, /cursor is not one this server handed out/],
  ])('%s %j', async (tool, args, message) => {
    const before = await test.db.prisma.memory.count();
    const result = await call(worfClient, tool, args);
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toMatch(message);
    expect(await test.db.prisma.memory.count()).toBe(before);
  });
});

describe('MCP: isolation between users', () => {
  it('another user’s private memory is exactly "not found" for every tool', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const [tool, extra] of [
      ['get_memory', {}],
      ['update_memory', { text: 'hijacked' }],
      ['delete_memory', {}],
      ['modify_permissions', { permission: 'public' }],
    ] as const) {
      const theirs = await call(alexanderClient, tool, { memory_id: secretId, ...extra });
      const nobodys = await call(alexanderClient, tool, { memory_id: missing, ...extra });
      expect(theirs).toEqual(nobodys);
      expect(theirs.isError).toBe(true);
    }
    const own = await call(worfClient, 'get_memory', { memory_id: secretId });
    expect(own.structuredContent).toMatchObject({
      text: 'I secretly enjoy Earl Grey tea and opera',
      version: 1,
    });
  });

  it('lists and searches show someone else’s public memories only', async () => {
    const mine = await call(alexanderClient, 'retrieve_memories', {});
    expect(mine.structuredContent).toEqual({ items: [], next_cursor: null });
    const searched = await call(alexanderClient, 'query_memory', {
      query: 'Earl Grey tea and opera',
      username: worf.username,
      min_similarity: -1,
    });
    const ids = (
      searched.structuredContent as { results: { memory: { id: string } }[] }
    ).results.map((hit) => hit.memory.id);
    expect(ids).toEqual([publicId]);
    // retrieve_memories takes username as REST's list does: their public memories only.
    const listed = await call(alexanderClient, 'retrieve_memories', { username: worf.username });
    expect(
      (listed.structuredContent as { items: { id: string }[] }).items.map((memory) => memory.id),
    ).toEqual([publicId]);
  });

  it('resources: memories://{id}, users://{username}/memories and tags://{tag}/memories follow the same rules', async () => {
    const own = await worfClient.readResource({ uri: `memories://${secretId}` });
    expect(JSON.parse((own.contents[0] as { text: string }).text)).toMatchObject({ id: secretId });
    await expect(alexanderClient.readResource({ uri: `memories://${secretId}` })).rejects.toThrow(
      /not found/,
    );
    const theirs = await alexanderClient.readResource({ uri: `users://${worf.username}/memories` });
    const listed = JSON.parse((theirs.contents[0] as { text: string }).text) as {
      items: { id: string }[];
    };
    expect(listed.items.map((memory) => memory.id)).toEqual([publicId]);
    const self = await worfClient.readResource({ uri: `users://${worf.username}/memories` });
    expect(JSON.parse((self.contents[0] as { text: string }).text).items).toHaveLength(2);

    const { resources } = await worfClient.listResources();
    expect(resources.map((resource) => resource.uri).sort()).toEqual(
      [
        `memories://${secretId}`,
        `memories://${publicId}`,
        'export://me',
        'export://me/markdown',
      ].sort(),
    );
    const { resourceTemplates } = await worfClient.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate).sort()).toEqual([
      'memories://{id}',
      'tags://{tag}/memories',
      'users://{username}/memories',
    ]);

    // tags://{tag}/memories: one's own memories with the tag, never anyone else's.
    const items = async (client: Client, uri: string) =>
      (
        JSON.parse(((await client.readResource({ uri })).contents[0] as { text: string }).text) as {
          items: { id: string }[];
        }
      ).items.map((memory) => memory.id);
    expect(await items(worfClient, 'tags://drinks/memories')).toEqual([publicId]);
    expect(await items(alexanderClient, 'tags://drinks/memories')).toEqual([]);
  });

  it('tool calls are in the audit log, as made over MCP by the client that made them', async () => {
    await call(alexanderClient, 'get_memory', { memory_id: secretId });
    await server.audit.flush(); // entries are written in batches
    const entries = await test.db.prisma.auditEntry.findMany({
      where: { user: { username: alexander.username }, action: 'memory.read' },
    });
    expect(entries[0]).toMatchObject({
      surface: 'mcp',
      outcome: 'not_found',
      memoryIds: [secretId],
      clientId: server.config.oauth.webClient.clientId,
    });
  });

  it('the persona prompt and query_user use only the other user’s public memories', async () => {
    await server.audit.flush();
    const before = {
      searches: await test.db.prisma.auditEntry.count({
        where: { user: { username: alexander.username }, action: 'memory.search' },
      }),
    };
    const prompt = await alexanderClient.getPrompt({
      name: 'persona',
      arguments: { username: worf.username, question: 'What do you like to drink?' },
    });
    const text = (prompt.messages[0]!.content as { text: string }).text;
    expect(text).toMatch(/prune juice/);
    expect(text).not.toMatch(/Earl Grey/);
    // Served through the persona service, and audited as the persona query it is.
    await server.audit.flush();
    const promptEntries = await test.db.prisma.auditEntry.findMany({
      where: { user: { username: alexander.username }, action: 'persona.query' },
    });
    expect(promptEntries).toEqual([
      expect.objectContaining({
        surface: 'mcp',
        outcome: 'success',
        targetUsername: worf.username,
        memoryIds: [publicId],
      }),
    ]);
    await server.audit.flush();
    expect(
      await test.db.prisma.auditEntry.count({
        where: { user: { username: alexander.username }, action: 'memory.search' },
      }),
    ).toBe(before.searches);

    const asked = await call(alexanderClient, 'query_user', {
      username: worf.username,
      question: 'Do you enjoy Earl Grey tea and opera?',
    });
    expect(JSON.stringify(asked.structuredContent)).not.toMatch(/Earl Grey|opera/);
  });
});

describe('MCP sampling: the client’s own model answers persona questions', () => {
  it('sends the retrieved public memories to a client that declared sampling and returns its answer', async () => {
    const requests: CreateMessageRequest[] = [];
    const client = await connect(alexander, {
      sampling: (request) => {
        requests.push(request);
        return `Prune juice, of course. [${publicId}]`;
      },
    });
    const result = await call(client, 'query_user', {
      username: worf.username,
      question: 'What is a warrior’s drink?',
    });
    expect(result.structuredContent).toMatchObject({
      answer: `Prune juice, of course. [${publicId}]`,
      mode: 'sampling',
      citations: [expect.objectContaining({ memory: expect.objectContaining({ id: publicId }) })],
    });
    expect(requests).toHaveLength(1);
    const sent = JSON.stringify(requests[0]!.params);
    expect(sent).toMatch(/prune juice/);
    expect(sent).not.toMatch(/Earl Grey/);
    expect(requests[0]!.params.includeContext).toBe('none');
  });

  it('with a server model configured, the server answers, even for a client offering sampling', async () => {
    const openai = await startFakeOpenAI();
    const withModel = await startTestServer(test.db, {
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: openai.url,
    });
    try {
      const asker = await resourceUser(withModel, { prefix: 'keiko', resource: 'mcp' });
      let sampled = 0;
      const client = await connect(asker, {
        server: withModel,
        sampling: () => {
          sampled += 1;
          return 'from the client';
        },
      });
      const result = await call(client, 'query_user', {
        username: worf.username,
        question: 'What is a warrior’s drink?',
      });
      expect(result.structuredContent).toMatchObject({ mode: 'openai' });
      expect(sampled).toBe(0);
      const chat = openai.requests.filter((request) => request.path.endsWith('/chat/completions'));
      expect(chat).toHaveLength(1);
      expect(JSON.stringify(chat[0]!.body)).not.toMatch(/Earl Grey/);
      await client.close();
    } finally {
      await withModel.close();
      await openai.close();
    }
  });

  it('a client without sampling gets an extractive answer', async () => {
    const result = await call(alexanderClient, 'query_user', {
      username: worf.username,
      question: 'What is a warrior’s drink?',
    });
    expect(result.structuredContent).toMatchObject({ mode: 'extractive' });
  });
});

describe('MCP over raw HTTP: sessions, origins, CORS', () => {
  const headers = (token: string, extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2025-06-18',
    ...extra,
  });
  const initialize = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'raw', version: '1' },
    },
  });
  const listTools = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });

  async function openSession(user: ResourceUser) {
    const res = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: headers(user.accessToken),
      body: initialize,
    });
    expect(res.status).toBe(200);
    await res.text();
    return res.headers.get('mcp-session-id')!;
  }

  it('an open GET stream ends once its grant is revoked', async () => {
    const user = await resourceUser(server, { prefix: 'q', resource: 'mcp' });
    const session = await openSession(user);
    const stream = await fetch(`${server.url}/mcp`, {
      headers: {
        authorization: `Bearer ${user.accessToken}`,
        accept: 'text/event-stream',
        'mcp-protocol-version': '2025-06-18',
        'mcp-session-id': session,
      },
    });
    expect(stream.status).toBe(200);
    expect((await revokeToken(server, user.refreshToken)).status).toBe(200);
    // Resolves only when the server ends the stream (the test times out otherwise).
    const reader = stream.body!.getReader();
    while (!(await reader.read()).done);
  });

  it('a session answers only the user who opened it; to anyone else it does not exist', async () => {
    const session = await openSession(worf);
    const asWorf = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: headers(worf.accessToken, { 'mcp-session-id': session }),
      body: listTools,
    });
    expect(asWorf.status).toBe(200);
    await asWorf.text();
    for (const id of [session, '5f0f6a4e-2f6e-4d8a-9d5e-000000000000']) {
      const res = await fetch(`${server.url}/mcp`, {
        method: 'POST',
        headers: headers(alexander.accessToken, { 'mcp-session-id': id }),
        body: listTools,
      });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({
        jsonrpc: '2.0',
        error: { code: -32001, message: 'Session not found' },
        id: null,
      });
    }
  });

  it('a session lives in the database until the client ends it with DELETE', async () => {
    const session = await openSession(worf);
    expect(await test.db.prisma.mcpSession.count({ where: { id: session } })).toBe(1);
    const ended = await fetch(`${server.url}/mcp`, {
      method: 'DELETE',
      headers: headers(worf.accessToken, { 'mcp-session-id': session }),
    });
    expect(ended.status).toBe(200);
    expect(await test.db.prisma.mcpSession.count({ where: { id: session } })).toBe(0);
    const after = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: headers(worf.accessToken, { 'mcp-session-id': session }),
      body: listTools,
    });
    expect(after.status).toBe(404);
  });

  it('every request is authenticated, session or not', async () => {
    const session = await openSession(worf);
    const res = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { ...headers('x'), authorization: '', 'mcp-session-id': session },
      body: listTools,
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${server.url}/.well-known/oauth-protected-resource/mcp", scope="memories:read memories:write"`,
    );
  });

  it('refuses browser origins that are not allowed (403) and allows configured and local ones with CORS', async () => {
    const evil = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: headers(worf.accessToken, { origin: 'https://evil.example' }),
      body: initialize,
    });
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as { error: { message: string } }).error.message).toMatch(/Origin/);

    const preflight = await fetch(`${server.url}/mcp`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:6274',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, mcp-session-id',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:6274');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Mcp-Session-Id/);

    const allowed = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: headers(worf.accessToken, { origin: 'http://localhost:6274' }),
      body: initialize,
    });
    expect(allowed.status).toBe(200);
    await allowed.text();
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:6274');
    expect(allowed.headers.get('access-control-expose-headers')).toBe(
      'Mcp-Session-Id,Mcp-Protocol-Version,WWW-Authenticate',
    );
  });

  it('a write tool with a read-only token gets a 403 insufficient_scope challenge', async () => {
    const reader = await resourceUser(server, {
      prefix: 'reader',
      resource: 'mcp',
      scope: 'openid memories:read',
    });
    const session = await openSession(reader);
    const res = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: headers(reader.accessToken, { 'mcp-session-id': session }),
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 3,
        method: 'tools/call',
        params: { name: 'submit_memory', arguments: { text: 'not allowed' } },
      }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer error="insufficient_scope", error_description="this operation needs the memories:write scope", resource_metadata="${server.url}/.well-known/oauth-protected-resource/mcp", scope="memories:read memories:write"`,
    );
    expect(await res.json()).toEqual({
      error: 'insufficient_scope',
      error_description: 'this operation needs the memories:write scope',
    });
    expect(
      await test.db.prisma.memory.count({ where: { user: { username: reader.username } } }),
    ).toBe(0);
  });
});
