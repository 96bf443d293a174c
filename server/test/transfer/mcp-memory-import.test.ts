import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { randomUUID } from 'node:crypto';
import { createLogger } from '../../src/logger.js';
import { MAX_MCP_EXPORT_CHARS } from '../../src/mcp/export-resource.js';
import { createTextCipher } from '../../src/memories/text-cipher.js';
import { startBackgroundJobs } from '../../src/memories/background-jobs.js';
import { resourceUser, type ResourceUser } from '../../../scripts/lib/resource-users.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

/**
 * A memory.jsonl written by the real reference MCP memory server
 * (`@modelcontextprotocol/server-memory`, run here as a child process over
 * stdio; it writes where MEMORY_FILE_PATH says) imports through Picard's MCP
 * tool with progress notifications, and its facts are found by query_memory.
 */

let test: TestDatabase;
let server: TestServer;
let stopJobs: () => Promise<void>;
let user: ResourceUser;
let picard: Client;
let memoryFile: string;
const folder = mkdtempSync(path.join(os.tmpdir(), 'picard-mcp-memory-'));

type ToolResult = { isError?: boolean; structuredContent?: Record<string, unknown> };

/** The reference server's knowledge graph, built through its own tools. */
async function writeReferenceMemoryFile(file: string): Promise<void> {
  // The package has only a bin entry (mcp-server-memory → dist/index.js).
  const manifest = createRequire(import.meta.url).resolve(
    '@modelcontextprotocol/server-memory/package.json',
  );
  const entry = path.join(path.dirname(manifest), 'dist', 'index.js');
  const reference = new Client({ name: 'picard-import-test', version: '1.0.0' });
  await reference.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [entry],
      env: { PATH: process.env.PATH ?? '', MEMORY_FILE_PATH: file },
      stderr: 'ignore',
    }),
  );
  try {
    const call = async (name: string, args: Record<string, unknown>) => {
      const result = (await reference.callTool({ name, arguments: args })) as ToolResult;
      expect([name, result.isError]).toEqual([name, undefined]);
    };
    await call('create_entities', {
      entities: [
        {
          name: 'Jean-Luc Picard',
          entityType: 'person',
          observations: ['Captain of the USS Enterprise', 'Drinks Earl Grey tea, hot'],
        },
        { name: 'Château Picard', entityType: 'vineyard', observations: [] },
      ],
    });
    await call('create_relations', {
      relations: [{ from: 'Jean-Luc Picard', to: 'Château Picard', relationType: 'grew_up_at' }],
    });
    await call('add_observations', {
      observations: [
        { entityName: 'Jean-Luc Picard', contents: ['Plays the Ressikan flute'] },
        { entityName: 'Château Picard', contents: ['Makes wine in La Barre, France'] },
      ],
    });
  } finally {
    await reference.close();
  }
}

beforeAll(async () => {
  memoryFile = path.join(folder, 'memory.jsonl');
  await writeReferenceMemoryFile(memoryFile);
  test = await createTestDatabase();
  server = await startTestServer(test.db);
  stopJobs = startBackgroundJobs({
    db: test.db,
    embeddings: server.store.embeddings,
    logger: createLogger('silent', 'test'),
    retryIntervalMs: 60_000,
    purgeGraceMs: 86_400_000,
  });
  user = await resourceUser(server, { prefix: 'picard', resource: 'mcp' });
  picard = new Client({ name: 'picard-import-test', version: '1.0.0' });
  await picard.connect(
    new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${user.accessToken}` } },
    }),
  );
}, 60_000);
afterAll(async () => {
  await picard?.close();
  await stopJobs?.();
  await server?.close();
  await test?.drop();
  rmSync(folder, { recursive: true, force: true });
});

describe('importing the reference MCP memory server’s memory.jsonl', () => {
  it('imports every entity, observation and relation over MCP, reporting progress, and query_memory finds the facts', async () => {
    const { tools } = await picard.listTools();
    expect(tools.find((tool) => tool.name === 'import_memories')!.annotations).toMatchObject({
      readOnlyHint: false,
      idempotentHint: true,
    });
    const content = readFileSync(memoryFile, 'utf8');
    // What the reference server wrote: entity and relation lines.
    expect(content.split('\n').map((line) => JSON.parse(line).type)).toEqual([
      'entity',
      'entity',
      'relation',
    ]);

    const preview = (await picard.callTool({
      name: 'import_memories',
      arguments: { content, dry_run: true },
    })) as ToolResult;
    expect(preview.structuredContent).toMatchObject({
      dry_run: true,
      format: 'mcp-memory',
      imported: 5,
      import_id: null,
    });

    const progress: Progress[] = [];
    const result = (await picard.callTool(
      { name: 'import_memories', arguments: { content } },
      CallToolResultSchema,
      { onprogress: (update) => progress.push(update) },
    )) as ToolResult;
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toMatchObject({ format: 'mcp-memory', imported: 5 });
    // The call waited for the embedding and said how it went, ending at 5 of 5.
    expect(progress.at(-1)).toEqual({ progress: 5, total: 5, message: 'embedded' });
    const status = (await picard.callTool({
      name: 'get_import',
      arguments: { import_id: result.structuredContent!.import_id },
    })) as ToolResult;
    expect(status.structuredContent).toMatchObject({ status: 'done', embedded: 5, pending: 0 });

    const listed = (await picard.callTool({
      name: 'retrieve_memories',
      arguments: { limit: 10 },
    })) as ToolResult;
    const items = (listed.structuredContent as { items: { text: string; tags: string[] }[] }).items;
    expect(
      items.map(({ text, tags }) => ({ text, tags })).sort((a, b) => a.text.localeCompare(b.text)),
    ).toEqual([
      {
        text: 'Château Picard: Makes wine in La Barre, France',
        tags: ['Château Picard', 'vineyard'],
      },
      {
        text: 'Jean-Luc Picard grew up at Château Picard',
        tags: ['Jean-Luc Picard', 'Château Picard', 'relation'],
      },
      {
        text: 'Jean-Luc Picard: Captain of the USS Enterprise',
        tags: ['Jean-Luc Picard', 'person'],
      },
      { text: 'Jean-Luc Picard: Drinks Earl Grey tea, hot', tags: ['Jean-Luc Picard', 'person'] },
      { text: 'Jean-Luc Picard: Plays the Ressikan flute', tags: ['Jean-Luc Picard', 'person'] },
    ]);

    for (const [query, expected] of [
      ['What does the captain drink?', 'Jean-Luc Picard: Drinks Earl Grey tea, hot'],
      ['Which musical instrument does he play?', 'Jean-Luc Picard: Plays the Ressikan flute'],
      ['Where is the wine made?', 'Château Picard: Makes wine in La Barre, France'],
    ]) {
      const found = (await picard.callTool({
        name: 'query_memory',
        arguments: { query, limit: 1 },
      })) as ToolResult;
      const results = (found.structuredContent as { results: { memory: { text: string } }[] })
        .results;
      expect([query, results[0]?.memory.text]).toEqual([query, expected]);
    }

    // Importing the same file again adds nothing.
    const again = (await picard.callTool({
      name: 'import_memories',
      arguments: { content },
    })) as ToolResult;
    expect(again.structuredContent).toMatchObject({ imported: 0, skipped_count: 5 });
  });

  it('export://me is the caller’s bundle; a bad file is an isError result naming its lines', async () => {
    const read = await picard.readResource({ uri: 'export://me' });
    const [content] = read.contents as { text: string; mimeType: string }[];
    expect(content!.mimeType).toBe('application/jsonl');
    const lines = content!.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({
      format: 'picard-memories',
      user: { username: user.username },
    });
    expect(lines.at(-1)).toEqual({ type: 'end', memories: 5 });
    const markdown = await picard.readResource({ uri: 'export://me/markdown' });
    expect((markdown.contents[0] as { text: string }).text).toContain('Plays the Ressikan flute');

    const bad = (await picard.callTool({
      name: 'import_memories',
      arguments: {
        content: '{"type":"entity","name":"Q"}\n{"type":"relation"',
        format: 'mcp-memory',
      },
    })) as ToolResult & { content: { text: string }[] };
    expect(bad.isError).toBe(true);
    expect(bad.content[0]!.text).toBe(
      'nothing was imported: 2 lines have problems: line 1: entityType is required; line 2: not valid JSON. Fix them, or ask to skip invalid lines.',
    );
  });

  it('refuses an export too large for one MCP message, pointing to the streamed download', async () => {
    const large = await resourceUser(server, { prefix: 'data', resource: 'mcp' });
    const { id: userId } = await test.db.prisma.user.findUniqueOrThrow({
      where: { username: large.username },
    });
    const cipher = createTextCipher({ key: server.config.secrets.memoryEncryptionKey });
    const count = Math.ceil(MAX_MCP_EXPORT_CHARS / 10_000) + 5;
    const ids = Array.from({ length: count }, () => randomUUID());
    await test.db.sql.query(
      `INSERT INTO memories (id, user_id, text_ciphertext, key_id, created_at, updated_at)
       SELECT id, $2, text, $3, now(), now() FROM unnest($1::uuid[], $4::bytea[]) AS t(id, text)`,
      [
        ids,
        userId,
        cipher.keyId,
        ids.map((id, i) => Buffer.from(cipher.encrypt(`${i} ${'log entry '.repeat(999)}`, id))),
      ],
    );
    const client = new Client({ name: 'picard-export-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${large.accessToken}` } },
      }),
    );
    try {
      await expect(client.readResource({ uri: 'export://me' })).rejects.toThrow(
        /larger than 4 MiB, too large for one MCP message\. Download it instead: GET \/api\/v1\/me\/export/,
      );
    } finally {
      await client.close();
    }
  });
});
