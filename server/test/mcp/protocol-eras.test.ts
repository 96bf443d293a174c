import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client, Tool } from '@modelcontextprotocol/client';
import { resourceUser, type ResourceUser } from '../../../scripts/lib/resource-users.js';
import {
  connectMcp,
  ERAS,
  outputSchemaErrors,
  type Era,
} from '../../../test/support/mcp-clients.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

/**
 * Both protocol eras from one endpoint: a 2025 client (the `initialize`
 * handshake) and a 2026-07-28 client (stateless, `server/discover`, `_meta`
 * on every request) list the same tools and call every one of them, and each
 * result's structuredContent validates against the tool's outputSchema.
 */

let test: TestDatabase;
let server: TestServer;
let picard: ResourceUser;
let guinan: ResourceUser;
let q: ResourceUser;
const clients: Client[] = [];

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db);
  picard = await resourceUser(server, { prefix: 'picard', resource: 'mcp' });
  // Guinan has a public memory; Q only private ones (and a tag of his own).
  guinan = await resourceUser(server, { prefix: 'picguinan' });
  q = await resourceUser(server, { prefix: 'picq' });
  const created = await guinan.call('/api/v1/memories', {
    json: { text: 'I listen', permission: 'public', tags: ['repartee'] },
  });
  expect(created.status).toBe(201);
  expect(
    (await q.call('/api/v1/memories', { json: { text: 'I am Q', tags: ['replay'] } })).status,
  ).toBe(201);
});
afterAll(async () => {
  for (const client of clients) await client.close();
  await server.close();
  await test.drop();
});

type ToolResult = {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content: { type: string; text?: string; uri?: string }[];
};

/** Arguments for each tool, made fresh per call (writes may consume the memory). */
const ARGUMENTS: Record<
  string,
  (
    memoryId: () => Promise<string>,
    call: (name: string, args: Record<string, unknown>) => Promise<ToolResult>,
  ) => Promise<Record<string, unknown>>
> = {
  submit_memory: async () => ({ text: 'Tea, Earl Grey, hot', tags: ['replicator'] }),
  retrieve_memories: async () => ({ limit: 5 }),
  query_memory: async () => ({ query: 'a hot drink', min_similarity: -1 }),
  get_memory: async (id) => ({ memory_id: await id() }),
  update_memory: async (id) => ({ memory_id: await id(), text: 'Tea, jasmine' }),
  modify_permissions: async (id) => ({ memory_id: await id(), permission: 'public' }),
  delete_memory: async (id) => ({ memory_id: await id() }),
  get_memory_history: async (id) => ({ memory_id: await id() }),
  query_user: async () => ({ username: picard.username, question: 'What do you drink?' }),
  search: async () => ({ query: 'a hot drink' }),
  fetch: async (id) => ({ id: await id() }),
  import_memories: async () => ({ content: `Shore leave on Risa ${Math.random()}` }),
  get_import: async (_id, call) => ({
    import_id: (await call('import_memories', { content: `Holodeck safeties ${Math.random()}` }))
      .structuredContent!.import_id,
  }),
  share_memory: async (id) => ({ memory_id: await id(), users: [] }),
  manage_group: async () => ({ action: 'list' }),
};

describe.each(ERAS)('the %s era, with the SDK v2 client', (era: Era) => {
  let client: Client;
  let tools: Tool[];
  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as ToolResult;
  const newMemory = async () =>
    (await call('submit_memory', { text: 'Engage' })).structuredContent!.id as string;

  beforeAll(async () => {
    client = await connectMcp(server.url, picard.accessToken, { era });
    clients.push(client);
    tools = (await client.listTools()).tools;
  });

  it('negotiates its own era', () => {
    expect(client.getProtocolEra()).toBe(era);
  });

  it('lists every tool with an input and an output schema', () => {
    expect(tools.map((tool) => tool.name).sort()).toEqual(Object.keys(ARGUMENTS).sort());
    for (const tool of tools) {
      expect([tool.name, tool.inputSchema.type]).toEqual([tool.name, 'object']);
      expect([tool.name, tool.outputSchema?.type]).toEqual([tool.name, 'object']);
    }
  });

  it('completes usernames the caller may ask about, and only the caller’s own tags', async () => {
    await call('submit_memory', { text: 'Tea', tags: ['replicator', 'ready room'] });
    const usernames = await client.complete({
      ref: { type: 'ref/prompt', name: 'persona' },
      argument: { name: 'username', value: 'pic' },
    });
    expect(usernames.completion.values).toEqual(
      expect.arrayContaining([picard.username, guinan.username]),
    );
    expect(usernames.completion.values).not.toContain(q.username);
    const fromTemplate = await client.complete({
      ref: { type: 'ref/resource', uri: 'users://{username}/memories' },
      argument: { name: 'username', value: guinan.username.slice(0, 6) },
    });
    expect(fromTemplate.completion.values).toContain(guinan.username);
    const tags = await client.complete({
      ref: { type: 'ref/resource', uri: 'tags://{tag}/memories' },
      argument: { name: 'tag', value: 're' },
    });
    expect(tags.completion.values).toEqual(['ready room', 'replicator']);
  });

  it('search, list, get and persona results link each memory as a resource', async () => {
    const id = await newMemory();
    const links = (result: ToolResult) =>
      result.content.filter((block) => block.type === 'resource_link').map((block) => block.uri);
    expect(links(await call('get_memory', { memory_id: id }))).toEqual([`memories://${id}`]);
    expect(links(await call('retrieve_memories', { limit: 100 }))).toContain(`memories://${id}`);
    expect(links(await call('query_memory', { query: 'Engage', min_similarity: -1 }))).toContain(
      `memories://${id}`,
    );
    const persona = await call('query_user', { username: picard.username, question: 'Engage?' });
    expect(links(persona).length).toBe((persona.structuredContent!.citations as unknown[]).length);
  });

  it.each(Object.keys(ARGUMENTS))(
    '%s: its structuredContent matches its outputSchema',
    async (name) => {
      const tool = tools.find((candidate) => candidate.name === name)!;
      const result = await call(name, await ARGUMENTS[name]!(newMemory, call));
      expect([name, result.isError]).toEqual([name, undefined]);
      expect(outputSchemaErrors(tool, result.structuredContent)).toEqual([]);
      // The same data as text, for clients that do not read structured content.
      const text = result.content.find((block) => block.type === 'text')!.text!;
      expect(JSON.parse(text)).toEqual(result.structuredContent);
    },
  );
});

describe('persona answers without sampling', () => {
  it('a 2026-07-28 client is never asked to sample, even when it declares sampling', async () => {
    const client = await connectMcp(server.url, picard.accessToken, {
      era: 'modern',
      sample: () => {
        throw new Error('sampling must not be asked for in 2026-07-28');
      },
    });
    clients.push(client);
    const result = (await client.callTool({
      name: 'query_user',
      arguments: { username: picard.username, question: 'What do you drink?' },
    })) as ToolResult;
    expect(result.structuredContent).toMatchObject({ mode: 'extractive' });
  });
});

describe('2026-07-28 on the wire', () => {
  const META = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
  };
  /** One stateless request, as a 2026-07-28 client sends it; the JSON-RPC answer and the response. */
  async function send(
    method: string,
    params: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    const res = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${picard.accessToken}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': method,
        ...(typeof params.name === 'string' ? { 'mcp-name': params.name } : {}),
        ...headers,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { ...params, _meta: META } }),
    });
    const text = await res.text();
    // A single JSON body, or an SSE stream whose last data line is the answer.
    const json = res.headers.get('content-type')?.includes('text/event-stream')
      ? text
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5))
          .at(-1)!
      : text;
    return {
      res,
      body: JSON.parse(json) as {
        result?: Record<string, unknown>;
        error?: { code: number; message: string };
      },
    };
  }

  it('server/discover advertises the capabilities, the instructions and the icon, with no session', async () => {
    const { res, body } = await send('server/discover');
    expect(res.status).toBe(200);
    expect(res.headers.get('mcp-session-id')).toBeNull();
    expect(body.result).toMatchObject({
      supportedVersions: expect.arrayContaining(['2026-07-28']),
      capabilities: { tools: {}, resources: {}, prompts: {}, completions: {} },
      instructions: expect.stringContaining('submit_memory'),
    });
    const meta = body.result!._meta as Record<string, { icons?: { src: string }[] }>;
    expect(meta['io.modelcontextprotocol/serverInfo']?.icons?.[0]?.src).toMatch(
      /^data:image\/svg\+xml;base64,/,
    );
  });

  it.each(['tools/list', 'prompts/list', 'resources/templates/list', 'resources/list'])(
    '%s: a private cache scope and a time to live',
    async (method) => {
      const { body } = await send(method);
      expect(body.result).toMatchObject({ cacheScope: 'private', ttlMs: expect.any(Number) });
      expect(body.result!.ttlMs as number).toBeGreaterThan(0);
    },
  );

  it('refuses an Mcp-Method or Mcp-Name header that disagrees with the body', async () => {
    const method = await send('tools/list', {}, { 'mcp-method': 'tools/call' });
    expect(method.res.status).toBe(400);
    expect(method.body.error?.code).toBe(-32020);
    const name = await send(
      'tools/call',
      { name: 'retrieve_memories', arguments: {} },
      { 'mcp-name': 'delete_memory' },
    );
    expect(name.res.status).toBe(400);
    expect(name.body.error?.code).toBe(-32020);
  });

  it('answers a request without the _meta protocol version with invalid params', async () => {
    const res = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${picard.accessToken}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'tools/list',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(-32602);
  });
});
