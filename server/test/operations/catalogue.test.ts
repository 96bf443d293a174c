import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { Tool } from '@modelcontextprotocol/client';
import { snakeCase, snakeKeys } from '../../src/mcp/snake-case.js';
import { OPERATIONS } from '../../src/operations/catalogue.js';
import { scopeFor, type AnyOperation } from '../../src/operations/operation.js';
import { resourceUser, type ResourceUser } from '../../../scripts/lib/resource-users.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

/**
 * One walk over the operation catalogue: every operation exists on the
 * surfaces it names, with the scope its kind demands, a read-only token is
 * refused on every write, and a real answer of each validates against the
 * operation's declared output schema on both surfaces.
 */

let test: TestDatabase;
let server: TestServer;
let api: ResourceUser;
let mcp: ResourceUser;
let readOnlyApi: ResourceUser;
let readOnlyMcp: ResourceUser;
let client: Client;
let tools: Map<string, Tool>;
let document: {
  paths: Record<string, Record<string, { security: unknown; operationId: string }>>;
};

/** A valid input for each operation, made fresh for every call (writes may consume it). */
const SAMPLES: Record<string, (owner: ResourceUser) => Promise<Record<string, unknown>>> = {
  createMemory: async () => ({ text: 'Tea, Earl Grey, hot', tags: ['replicator'] }),
  listMemories: async () => ({ limit: 5 }),
  searchMemories: async () => ({ query: 'a hot drink', minSimilarity: -1 }),
  getMemory: async (owner) => ({ memoryId: await memoryOf(owner) }),
  updateMemory: async (owner) => ({ memoryId: await memoryOf(owner), text: 'Tea, jasmine' }),
  setPermission: async (owner) => ({ memoryId: await memoryOf(owner), permission: 'public' }),
  deleteMemory: async (owner) => ({ memoryId: await memoryOf(owner) }),
  getHistory: async (owner) => ({ memoryId: await memoryOf(owner) }),
  askPersona: async (owner) => ({ username: owner.username, question: 'What do you drink?' }),
  personaContext: async (owner) => ({ username: owner.username, question: 'What do you drink?' }),
  suggestTags: async () => ({ value: 'rep' }),
  suggestUsernames: async (owner) => ({ value: owner.username.slice(0, 3) }),
  getMe: async () => ({}),
  listAudit: async () => ({ limit: 5 }),
  getSummary: async () => ({}),
  getSharing: async (owner) => ({ memoryId: await memoryOf(owner) }),
  shareMemory: async (owner) => ({
    memoryId: await memoryOf(owner),
    users: [otherThan(owner).username],
  }),
  listSharedReads: async (owner) => ({ memoryId: await memoryOf(owner) }),
  listGroups: async () => ({}),
  createGroup: async (owner) => ({
    name: `crew ${++groups}`,
    members: [otherThan(owner).username],
  }),
  updateGroup: async (owner) => ({ groupId: await groupOf(owner), name: `crew ${++groups}` }),
  leaveGroup: async (owner) => ({ groupId: await groupOf(otherThan(owner), owner) }),
  deleteGroup: async (owner) => ({ groupId: await groupOf(owner) }),
  manageGroup: async () => ({ action: 'create', name: `away team ${++groups}` }),
  exportMemories: async () => ({ format: 'jsonl' }),
  importMemories: async () => ({ content: `Shore leave on Risa ${Math.random()}` }),
  getImport: async (owner) => ({ importId: await importOf(owner) }),
};

let groups = 0;
const otherThan = (owner: ResourceUser) => (owner === api ? mcp : api);
const userIdOf = async (user: ResourceUser) =>
  (await test.db.prisma.user.findUniqueOrThrow({ where: { username: user.username } })).id;

/** A new group of `owner`'s (with `member` in it), straight in the database. */
async function groupOf(owner: ResourceUser, member?: ResourceUser): Promise<string> {
  const ownerId = await userIdOf(owner);
  const ids = [ownerId, ...(member ? [await userIdOf(member)] : [])];
  const group = await test.db.prisma.group.create({
    data: {
      ownerId,
      name: `group ${++groups}`,
      members: { create: ids.map((userId) => ({ userId })) },
    },
  });
  return group.id;
}

/** A new import of `owner`'s, made on the surface that user's token is for. */
async function importOf(owner: ResourceUser): Promise<string> {
  const content = `Holodeck program ${Math.random()}`;
  if (owner === mcp) {
    const result = await client.callTool({ name: 'import_memories', arguments: { content } });
    return (result.structuredContent as { import_id: string }).import_id;
  }
  const res = await owner.call('/api/v1/me/imports', { json: { content } });
  expect(res.status).toBe(202);
  return ((await res.json()) as { importId: string }).importId;
}

/** A new memory of `owner`'s, made on the surface that user's token is for. */
async function memoryOf(owner: ResourceUser): Promise<string> {
  if (owner === mcp) {
    const result = await client.callTool({ name: 'submit_memory', arguments: { text: 'Engage' } });
    return (result.structuredContent as { id: string }).id;
  }
  const res = await owner.call('/api/v1/memories', { json: { text: 'Make it so' } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** The REST request for `operation` with `input`: path segments filled, the rest in query or body. */
function restRequest(operation: AnyOperation, input: Record<string, unknown>) {
  const rest = operation.rest!;
  const remaining = { ...input };
  const path = rest.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = String(remaining[name]);
    delete remaining[name];
    return encodeURIComponent(value);
  });
  if (rest.method === 'get' || rest.method === 'delete') {
    const query = new URLSearchParams(
      Object.entries(remaining).map(([key, value]): [string, string] => [key, String(value)]),
    );
    return { path: query.size ? `${path}?${query}` : path, method: rest.method.toUpperCase() };
  }
  return { path, method: rest.method.toUpperCase(), json: remaining };
}

const memoryCount = () => test.db.prisma.memory.count();
const versionCount = () => test.db.prisma.memoryVersion.count();

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db);
  api = await resourceUser(server, { prefix: 'riker' });
  mcp = await resourceUser(server, { prefix: 'troi', resource: 'mcp' });
  readOnlyApi = await resourceUser(server, {
    prefix: 'wesley',
    scope: 'openid memories:read',
  });
  readOnlyMcp = await resourceUser(server, {
    prefix: 'ro',
    resource: 'mcp',
    scope: 'openid memories:read',
  });
  client = new Client({ name: 'catalogue-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${mcp.accessToken}` } },
    }),
  );
  tools = new Map((await client.listTools()).tools.map((tool) => [tool.name, tool]));
  document = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as typeof document;
});
afterAll(async () => {
  await client.close();
  await server.close();
  await test.drop();
});

/** Memory and account operations; administration has its own tests (test/admin/). */
const MEMORY_OPERATIONS = OPERATIONS.filter((operation) => !operation.admin);
const surfaced = MEMORY_OPERATIONS.filter((operation) => operation.rest || operation.tool);

/** One raw `tools/call` with the read-only token, to see the HTTP refusal itself. */
function readOnlyToolCall(name: string, args: Record<string, unknown>) {
  return fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${readOnlyMcp.accessToken}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name, arguments: args },
    }),
  });
}

describe('the operation catalogue', () => {
  it('has a sample input for every operation, and unique names, tools and routes', () => {
    expect(MEMORY_OPERATIONS.map((operation) => operation.name).sort()).toEqual(
      Object.keys(SAMPLES).sort(),
    );
    // Administration is REST only, never an MCP tool.
    expect(OPERATIONS.filter((operation) => operation.admin && operation.tool)).toEqual([]);
    const unique = (values: (string | undefined)[]) => {
      const defined = values.filter(Boolean);
      expect(new Set(defined).size).toBe(defined.length);
    };
    unique(OPERATIONS.map((operation) => operation.name));
    unique(OPERATIONS.map((operation) => operation.tool));
    unique(OPERATIONS.map((o) => o.rest && `${o.rest.method} ${o.rest.path}`));
  });

  it('states its limits in the MCP input schemas, as in the OpenAPI document', () => {
    expect(tools.get('submit_memory')!.inputSchema).toMatchObject({
      additionalProperties: false,
      required: ['text'],
      properties: {
        text: { type: 'string', maxLength: 10_000 },
        tags: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 50 } },
        expires_at: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] },
      },
    });
    expect(tools.get('query_memory')!.inputSchema.properties).toMatchObject({
      query: { maxLength: 2_000 },
      limit: { minimum: 1, maximum: 100 },
      min_similarity: { minimum: -1, maximum: 1 },
    });
  });

  it.each(surfaced.map((operation) => [operation.name, operation] as const))(
    '%s: exists on its surfaces with the scope its kind needs',
    (_name, operation) => {
      const scope = scopeFor(operation.kind);
      expect(scope).toBe(operation.kind === 'read' ? 'memories:read' : 'memories:write');
      if (operation.rest) {
        const described = document.paths[operation.rest.path]?.[operation.rest.method];
        expect(described).toMatchObject({
          operationId: operation.name,
          security: [{ oauth2: [scope] }],
        });
      }
      if (operation.tool) {
        const tool = tools.get(operation.tool)!;
        expect(tool).toBeDefined();
        expect(tool.outputSchema).toMatchObject({ type: 'object' });
        expect(tool.annotations?.readOnlyHint).toBe(operation.kind === 'read');
        expect(tool.annotations?.destructiveHint ?? false).toBe(operation.kind === 'delete');
        // Argument names are the operation's own, in snake_case.
        expect(Object.keys(tool.inputSchema.properties ?? {}).sort()).toEqual(
          Object.keys(operation.input.shape).map(snakeCase).sort(),
        );
      }
    },
  );

  it.each(surfaced.map((operation) => [operation.name, operation] as const))(
    '%s: a real REST answer and MCP result validate against its output schema',
    async (_name, operation) => {
      if (operation.rest) {
        const request = restRequest(operation, await SAMPLES[operation.name]!(api));
        const res = await api.call(request.path, request);
        expect([request.path, res.status]).toEqual([request.path, operation.rest.status ?? 200]);
        if (operation.streamed) {
          const type = res.headers.get('content-type')!.split(';')[0]!;
          expect(Object.keys(operation.streamed.mediaTypes)).toContain(type);
          expect((await res.text()).length).toBeGreaterThan(0);
        } else if (operation.rest.status !== 204) {
          const parsed = operation.output.safeParse(await res.json());
          expect(parsed.error).toBeUndefined();
        }
      }
      if (operation.tool) {
        const input = await SAMPLES[operation.name]!(mcp);
        // The SDK client checks structuredContent against the tool's outputSchema itself.
        const result = await client.callTool({
          name: operation.tool,
          arguments: snakeKeys(input) as Record<string, unknown>,
        });
        expect([operation.tool, result.isError]).toEqual([operation.tool, undefined]);
        expect(result.structuredContent).toBeDefined();
        const camel = JSON.parse(
          JSON.stringify(result.structuredContent).replace(
            /"(\w+)":/g,
            (_m, key: string) =>
              `"${key.replace(/_([a-z])/g, (_s, letter: string) => letter.toUpperCase())}":`,
          ),
        );
        expect(operation.output.safeParse(camel).error).toBeUndefined();
        // One naming rule on MCP: no camelCase key anywhere in a result.
        expect(JSON.stringify(result.structuredContent)).not.toMatch(/"[a-z]+[A-Z]\w*":/);
      }
    },
  );

  const writes = surfaced.filter((operation) => operation.kind !== 'read');
  it.each(writes.map((operation) => [operation.name, operation] as const))(
    '%s: a read-only token is refused on both surfaces and nothing changes',
    async (_name, operation) => {
      const before = [await memoryCount(), await versionCount()];
      if (operation.rest) {
        const request = restRequest(operation, await SAMPLES[operation.name]!(api));
        const res = await readOnlyApi.call(request.path, request);
        expect(res.status).toBe(403);
        expect(res.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
        expect(await res.json()).toMatchObject({ code: 'insufficient_scope' });
      }
      if (operation.tool) {
        const input = await SAMPLES[operation.name]!(mcp);
        const res = await readOnlyToolCall(
          operation.tool,
          snakeKeys(input) as Record<string, unknown>,
        );
        expect(res.status).toBe(403);
        expect(res.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
      }
      // The samples made memories of their own before the refused call; count after them.
      const after = [await memoryCount(), await versionCount()];
      expect(after[1]).toBe(before[1]);
      expect(after[0]! - before[0]!).toBe(
        (operation.rest && needsMemory(operation) ? 1 : 0) +
          (operation.tool && needsMemory(operation) ? 1 : 0),
      );
    },
  );

  it('a tool that also reads (manage_group "list") answers a read-only token; its writes do not', async () => {
    await client.callTool({
      name: 'manage_group',
      arguments: { action: 'create', name: 'bridge crew', members: [readOnlyMcp.username] },
    });
    const readOnly = new Client({ name: 'catalogue-read-only', version: '1.0.0' });
    await readOnly.connect(
      new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${readOnlyMcp.accessToken}` } },
      }),
    );
    try {
      const listed = await readOnly.callTool({
        name: 'manage_group',
        arguments: { action: 'list' },
      });
      expect(listed.isError).toBeUndefined();
      expect(listed.structuredContent).toMatchObject({
        items: [expect.objectContaining({ name: 'bridge crew' })],
      });
    } finally {
      await readOnly.close();
    }
    for (const args of [
      { action: 'create', name: 'read-only crew' },
      { action: 'leave', group_id: '00000000-0000-4000-8000-000000000000' },
    ]) {
      const res = await readOnlyToolCall('manage_group', args);
      expect([args.action, res.status]).toEqual([args.action, 403]);
      expect(res.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
    }
    // REST lists with the read scope too.
    expect((await readOnlyApi.call('/api/v1/groups', { method: 'GET' })).status).toBe(200);
  });
});

const needsMemory = (operation: AnyOperation) => 'memoryId' in operation.input.shape;
