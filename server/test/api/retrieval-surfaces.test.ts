import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { resourceUser, type ResourceUser } from '../../../scripts/lib/resource-users.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

/**
 * Hybrid search, duplicates and supersedes on both surfaces: REST (camelCase)
 * and MCP tools (snake_case), both derived from the operation catalogue.
 */
let test: TestDatabase;
let server: TestServer;
let rest: ResourceUser;
let mcpUser: ResourceUser;
let client: Client;

type ToolResult = { isError?: boolean; structuredContent?: Record<string, unknown> };
/** A JSON answer, read loosely: the assertions say what it must hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db);
  rest = await resourceUser(server, { prefix: 'rest' });
  mcpUser = await resourceUser(server, { prefix: 'tools', resource: 'mcp' });
  client = new Client({ name: 'retrieval-surfaces-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${mcpUser.accessToken}` } },
    }),
  );
});
afterAll(async () => {
  await client.close();
  await server.close();
  await test.drop();
});

const post = async (path: string, json: Record<string, unknown>) => {
  const res = await rest.call(path, { json });
  return { status: res.status, body: (await res.json()) as Json };
};
const tool = async (name: string, args: Record<string, unknown>) =>
  (await client.callTool({ name, arguments: args })) as ToolResult;

describe('REST', () => {
  it('creates with duplicates reported, skips or supersedes them, and searches by mode with owner and strength', async () => {
    const first = await post('/api/v1/memories', {
      text: 'The code for the dive equipment locker is 7731.',
    });
    expect(first).toMatchObject({ status: 201, body: { duplicates: [], skipped: false } });
    expect(first.body.supersededBy).toBeNull();

    const skipped = await post('/api/v1/memories', {
      text: 'The dive equipment locker code is 7731.',
      onDuplicate: 'skip',
    });
    expect(skipped.body).toMatchObject({ id: first.body.id, skipped: true });
    expect(skipped.body.duplicates[0]).toMatchObject({ id: first.body.id });

    const replacing = await post('/api/v1/memories', {
      text: 'The dive locker code changed to 9042.',
      supersedes: [first.body.id],
    });
    expect(replacing.status).toBe(201);
    const old = await rest.call(`/api/v1/memories/${first.body.id}`);
    expect(await old.json()).toMatchObject({ supersededBy: replacing.body.id });

    const search = await post('/api/v1/memories/search', { query: '9042', mode: 'keyword' });
    expect(search.status).toBe(200);
    expect(search.body.results).toHaveLength(1);
    expect(search.body.results[0]).toMatchObject({
      match: 'strong',
      keywordMatches: 1,
      ownerUsername: rest.username,
      memory: { id: replacing.body.id },
    });
    expect(typeof search.body.results[0].relevance).toBe('number');
    const hidden = await post('/api/v1/memories/search', { query: '7731', mode: 'keyword' });
    expect(hidden.body.results).toEqual([]);
    const shown = await post('/api/v1/memories/search', {
      query: '7731',
      mode: 'keyword',
      includeSuperseded: true,
    });
    expect(shown.body.results.map((hit: Json) => hit.memory.id)).toEqual([first.body.id]);
  });

  it('refuses bad choices with precise problem details and writes nothing', async () => {
    const before = await test.db.prisma.memory.count();
    for (const [body, detail] of [
      [{ text: 'x', onDuplicate: 'merge' }, 'onDuplicate must be "keep", "skip" or "supersede"'],
      [{ text: 'x', supersedes: 'abc' }, 'supersedes must be a list of memory ids'],
      [
        { text: 'x', supersedes: ['00000000-0000-4000-8000-000000000000'] },
        'supersedes names a memory that does not exist or is not yours (or is this memory)',
      ],
    ] as const) {
      const res = await rest.call('/api/v1/memories', { json: body });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(((await res.json()) as { detail: string }).detail).toBe(detail);
    }
    const search = await rest.call('/api/v1/memories/search', {
      json: { query: 'x', mode: 'fuzzy' },
    });
    expect(search.status).toBe(400);
    expect(await test.db.prisma.memory.count()).toBe(before);
  });
});

describe('MCP tools', () => {
  it('submit_memory takes on_duplicate and supersedes; query_memory takes mode, prefer and include_superseded', async () => {
    const first = await tool('submit_memory', { text: 'Our research vessel is the Kittiwake.' });
    expect(first.isError).toBeFalsy();
    const firstId = first.structuredContent!.id as string;
    const again = await tool('submit_memory', {
      text: 'Our research vessel is called the Kittiwake.',
      on_duplicate: 'supersede',
    });
    expect(again.structuredContent).toMatchObject({
      skipped: false,
      duplicates: [expect.objectContaining({ id: firstId })],
    });
    const newId = again.structuredContent!.id as string;
    const found = await tool('query_memory', {
      query: 'Kittiwake',
      mode: 'hybrid',
      prefer: 'recent',
    });
    const results = found.structuredContent!.results as Json[];
    expect(results.map((hit) => hit.memory.id)).toEqual([newId]);
    expect(results[0]).toMatchObject({ owner_username: mcpUser.username, match: 'strong' });
    const all = await tool('query_memory', { query: 'Kittiwake', include_superseded: true });
    const ids = (all.structuredContent!.results as Json[]).map((h) => h.memory.id);
    expect(ids.sort()).toEqual([firstId, newId].sort());

    const third = await tool('submit_memory', { text: 'We sail from Sutton Harbour.' });
    const updated = await tool('update_memory', {
      memory_id: third.structuredContent!.id,
      supersedes: [newId],
    });
    expect(updated.isError).toBeFalsy();
    const read = await tool('get_memory', { memory_id: newId });
    expect(read.structuredContent).toMatchObject({ superseded_by: third.structuredContent!.id });
    const refused = await tool('submit_memory', { text: 'x', on_duplicate: 'merge' });
    expect(refused.isError).toBe(true);
  });
});
