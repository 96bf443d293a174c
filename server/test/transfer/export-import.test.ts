import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startBackgroundJobs } from '../../src/memories/background-jobs.js';
import { createLogger } from '../../src/logger.js';
import { resourceUser, type ResourceUser } from '../../../scripts/lib/resource-users.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

/**
 * Export and import over the REST API: a round trip reproduces everything,
 * exports hold only one's own memories, and imports are validated line by
 * line, all-or-nothing, idempotent, bounded and private by default.
 */

let test: TestDatabase;
let server: TestServer;
let stopJobs: () => Promise<void>;
let picard: ResourceUser;
let riker: ResourceUser;

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db);
  // The server's background embedding, which imports rely on.
  stopJobs = startBackgroundJobs({
    db: test.db,
    embeddings: server.store.embeddings,
    logger: createLogger('silent', 'test'),
    retryIntervalMs: 60_000,
    purgeGraceMs: 86_400_000,
  });
  picard = await resourceUser(server, { prefix: 'picard' });
  riker = await resourceUser(server, { prefix: 'riker' });
});
afterAll(async () => {
  await stopJobs();
  await server.close();
  await test.drop();
});

async function create(user: ResourceUser, body: Record<string, unknown>) {
  const res = await user.call('/api/v1/memories', { json: body });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}

async function exportOf(user: ResourceUser, query = '') {
  const res = await user.call(`/api/v1/me/export${query}`);
  expect(res.status).toBe(200);
  return { res, text: await res.text() };
}

const linesOf = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

async function importFile(user: ResourceUser, body: Record<string, unknown>) {
  const res = await user.call('/api/v1/me/imports', { json: body });
  return { res, body: (await res.json()) as Record<string, unknown> };
}

async function untilImported(user: ResourceUser, importId: string) {
  for (;;) {
    const res = await user.call(`/api/v1/me/imports/${importId}`);
    expect(res.status).toBe(200);
    const status = (await res.json()) as { status: string; pending: number; embedded: number };
    if (status.status === 'done') return status;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const memoryCount = (userId?: string) =>
  test.db.prisma.memory.count(userId ? { where: { userId } } : undefined);

describe('export', () => {
  it('round trip: a fresh user importing the bundle gets the same texts, permissions, tags, expiry, times and history', async () => {
    const expiry = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const first = await create(picard, {
      text: 'Tea, Earl Grey, hot',
      tags: ['tea', 'replicator'],
      permission: 'public',
    });
    await picard.call(`/api/v1/memories/${first.id}`, {
      method: 'PATCH',
      json: { text: 'Tea, Earl Grey, hot. Always.' },
    });
    await picard.call(`/api/v1/memories/${first.id}/permission`, {
      method: 'PUT',
      json: { permission: 'private' },
    });
    await create(picard, { text: 'The Stargazer was my first command', expiresAt: expiry });
    await create(picard, {
      text: 'Fencing keeps me sharp\n\nand so does Shakespeare',
      tags: ['sport'],
    });
    await create(picard, { text: 'Archaeology is my passion', permission: 'public' });

    const { res, text } = await exportOf(picard);
    expect(res.headers.get('content-type')).toBe('application/jsonl; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename=picard-${picard.username}-\\d{4}-\\d{2}-\\d{2}\\.jsonl$`),
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    // Streamed as it is produced: chunked, no length known in advance.
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    expect(res.headers.get('content-length')).toBeNull();
    const [header, ...rest] = linesOf(text);
    expect(header).toMatchObject({
      format: 'picard-memories',
      version: 1,
      user: { username: picard.username },
      includesEmbeddings: false,
    });
    expect(rest.at(-1)).toEqual({ type: 'end', memories: 4 });
    const exported = rest.slice(0, -1);
    expect(exported.map((memory) => memory.text)).toEqual([
      'Tea, Earl Grey, hot. Always.',
      'The Stargazer was my first command',
      'Fencing keeps me sharp\n\nand so does Shakespeare',
      'Archaeology is my passion',
    ]);
    expect(exported[0]).toMatchObject({ version: 3, permission: 'private' });
    expect((exported[0]!.history as unknown[]).length).toBe(2);
    expect(exported.every((memory) => !('embedding' in memory))).toBe(true);

    const fresh = await resourceUser(server, { prefix: 'data' });
    const imported = await importFile(fresh, { content: text, allowPublic: true });
    expect(imported.res.status).toBe(202);
    expect(imported.body).toMatchObject({ format: 'picard', imported: 4, problemCount: 0 });
    expect(imported.res.headers.get('location')).toBe(
      `/api/v1/me/imports/${String(imported.body.importId)}`,
    );
    const again = linesOf((await exportOf(fresh)).text).slice(1, -1);
    const comparable = (memory: Record<string, unknown>) => ({ ...memory, id: undefined });
    expect(again.map(comparable)).toEqual(exported.map(comparable));

    // History reads back through the API as it was written.
    const list = (await (await fresh.call('/api/v1/memories?limit=10')).json()) as {
      items: { id: string; text: string }[];
    };
    const tea = list.items.find((memory) => memory.text.startsWith('Tea'))!;
    const history = (await (await fresh.call(`/api/v1/memories/${tea.id}/history`)).json()) as {
      items: { text: string; permission: string }[];
    };
    expect(history.items).toEqual([
      expect.objectContaining({ text: 'Tea, Earl Grey, hot. Always.', permission: 'public' }),
      expect.objectContaining({ text: 'Tea, Earl Grey, hot', permission: 'public' }),
    ]);
  });

  it("never holds another user's memories, public or private", async () => {
    await create(riker, { text: 'Riker plays the trombone', permission: 'public' });
    await create(riker, { text: 'Riker sits on chairs oddly' });
    const { text } = await exportOf(picard);
    expect(text).not.toMatch(/Riker/);
    const markdown = (await exportOf(picard, '?format=markdown')).text;
    expect(markdown).not.toMatch(/Riker/);
    const own = (await exportOf(riker)).text;
    expect(
      linesOf(own)
        .slice(1, -1)
        .map((memory) => memory.text),
    ).toEqual(['Riker plays the trombone', 'Riker sits on chairs oddly']);
  });

  it('Markdown: one document with every memory and its details', async () => {
    const { res, text } = await exportOf(picard, '?format=markdown');
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=picard-.*\.md$/);
    expect(text).toMatch(new RegExp(`^# Memories of ${picard.username}\\n`));
    expect(text).toContain('\nArchaeology is my passion\n\n- Permission: public\n');
    expect(text).toContain('- Tags: tea, replicator');
    expect(text).toContain('- Earlier versions: 2');
    expect(text.match(/^## /gm)).toHaveLength(4);
  });

  it('keeps embeddings with their model only when asked', async () => {
    const { text } = await exportOf(picard, '?includeEmbeddings=true');
    const [header, ...rest] = linesOf(text);
    expect(header!.includesEmbeddings).toBe(true);
    const embedded = rest.filter((line) => line.type === 'memory' && line.embedding);
    expect(embedded.length).toBeGreaterThan(0);
    expect(embedded[0]!.embedding).toEqual({
      model: server.store.embedder.model,
      vector: expect.any(Array),
    });
    const bad = await picard.call('/api/v1/me/export?format=pdf');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ detail: 'format must be "jsonl" or "markdown"' });
  });
});

describe('import', () => {
  it('reports every bad line with its number and imports nothing', async () => {
    const user = await resourceUser(server, { prefix: 'worf' });
    const content = [
      '{"type":"entity","name":"Worf","entityType":"person","observations":["Likes prune juice"]}',
      'not json at all',
      '{"type":"entity","name":"","entityType":"person","observations":[]}',
      '{"type":"relation","from":"Worf","to":"Klingon Empire"}',
      '{"type":"spaceship"}',
    ].join('\n');
    const { res, body } = await importFile(user, { content });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({
      code: 'invalid_import',
      problemCount: 4,
      problems: [
        { line: 2, message: 'not valid JSON' },
        { line: 3, message: 'name must not be empty' },
        { line: 4, message: 'relationType is required' },
        { line: 5, message: 'type must be "entity" or "relation"' },
      ],
    });
    expect(String(body.detail)).toMatch(
      /^nothing was imported: 4 lines have problems: line 2: not valid JSON;/,
    );
    const me = (await (await user.call('/api/v1/me')).json()) as { id: string };
    expect(await memoryCount(me.id)).toBe(0);

    // Asked to skip them, the valid line is imported and the others reported.
    const skipping = await importFile(user, { content, skipInvalid: true });
    expect(skipping.res.status).toBe(202);
    expect(skipping.body).toMatchObject({ imported: 1, problemCount: 4, format: 'mcp-memory' });
    expect(await memoryCount(me.id)).toBe(1);
  });

  it('dry run: reports what would be imported and writes nothing', async () => {
    const user = await resourceUser(server, { prefix: 'troi' });
    const content =
      '# Notes\n\n- Counselor on the Enterprise\n- Half Betazoid\n\nLikes chocolate.\nA lot.\n';
    const before = await memoryCount();
    const { res, body } = await importFile(user, { content, dryRun: true });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBeNull();
    expect(body).toMatchObject({
      importId: null,
      dryRun: true,
      format: 'text',
      imported: 3,
      preview: [
        { line: 3, text: 'Counselor on the Enterprise', permission: 'private', tags: [] },
        { line: 4, text: 'Half Betazoid' },
        { line: 6, text: 'Likes chocolate.\nA lot.' },
      ],
    });
    expect(await memoryCount()).toBe(before);
  });

  it('is idempotent: the same file twice adds nothing the second time', async () => {
    const user = await resourceUser(server, { prefix: 'crusher' });
    const content = 'Chief medical officer\n\nRuns a theatre group\n\nRuns a theatre group\n';
    const first = await importFile(user, { content });
    expect(first.body).toMatchObject({
      imported: 2,
      skippedCount: 1,
      skipped: [{ line: 5, reason: 'the same memory as line 3' }],
    });
    const second = await importFile(user, { content });
    expect(second.res.status).toBe(202);
    expect(second.body).toMatchObject({ importId: null, imported: 0, skippedCount: 3 });
    expect(second.body.skipped).toContainEqual({ line: 1, reason: 'already imported' });
    const me = (await (await user.call('/api/v1/me')).json()) as { id: string };
    expect(await memoryCount(me.id)).toBe(2);
  });

  it('importing one’s own export back adds nothing (same text and time already here)', async () => {
    const { text } = await exportOf(picard);
    const { res, body } = await importFile(picard, { content: text, allowPublic: true });
    expect(res.status).toBe(202);
    expect(body).toMatchObject({ importId: null, imported: 0, skippedCount: 4 });
    expect(new Set((body.skipped as { reason: string }[]).map((line) => line.reason))).toEqual(
      new Set(['already imported']),
    );
  });

  it('keeps imported memories private unless the file says public and the caller allows it', async () => {
    const source = (await exportOf(picard)).text;
    const user = await resourceUser(server, { prefix: 'guinan' });
    const { body } = await importFile(user, { content: source });
    expect(body).toMatchObject({ imported: 4, madePrivate: 1 });
    const page = (await (await user.call('/api/v1/memories?permission=public')).json()) as {
      items: unknown[];
    };
    expect(page.items).toEqual([]);
  });

  it('a bundle cut short (no end line) is refused', async () => {
    const source = (await exportOf(picard)).text.trim().split('\n');
    const user = await resourceUser(server, { prefix: 'ro' });
    const { res, body } = await importFile(user, { content: source.slice(0, -1).join('\n') });
    expect(res.status).toBe(400);
    expect(body.problems).toEqual([
      { line: source.length - 1, message: 'the file has no end line: it was cut short' },
    ]);
  });

  it('imports mem0-shaped memories (get_all results) with their times and categories', async () => {
    // The shape of mem0's Memory.get_all (mem0ai/mem0, mem0/memory/main.py).
    const content = JSON.stringify(
      {
        results: [
          {
            id: 'f38b689d-6b24-45b7-bced-17fbb4d8bac7',
            memory: 'Travelling to Paris in the spring',
            hash: '62bc074f56d1f909f1b4c2b639f56f6a',
            metadata: { category: 'travel' },
            created_at: '2024-02-25T23:57:00.108347-07:00',
            updated_at: '2024-07-25T23:57:00.108367-07:00',
            user_id: 'alex',
          },
          {
            id: '2',
            memory: 'Vegetarian, allergic to nuts',
            hash: 'x',
            metadata: null,
            created_at: '2024-03-01T10:00:00+00:00',
            updated_at: null,
            user_id: 'alex',
          },
        ],
      },
      null,
      2,
    );
    const user = await resourceUser(server, { prefix: 'alex' });
    const { res, body } = await importFile(user, { content });
    expect(res.status).toBe(202);
    expect(body).toMatchObject({ format: 'mem0', imported: 2 });
    const page = (await (await user.call('/api/v1/memories')).json()) as {
      items: { text: string; tags: string[]; createdAt: string; updatedAt: string }[];
    };
    expect(page.items).toEqual([
      expect.objectContaining({
        text: 'Vegetarian, allergic to nuts',
        tags: ['mem0'],
        createdAt: '2024-03-01T10:00:00.000Z',
      }),
      expect.objectContaining({
        text: 'Travelling to Paris in the spring',
        tags: ['travel', 'mem0'],
        createdAt: '2024-02-26T06:57:00.108Z',
        updatedAt: '2024-07-26T06:57:00.108Z',
      }),
    ]);

    // A problem in a pretty-printed list names the line the element starts on.
    const bad = await importFile(user, {
      content: '[\n  {"memory": "fine"},\n  {\n    "memory": ""\n  }\n]',
    });
    expect(bad.body.problems).toEqual([{ line: 3, message: 'memory: text must not be empty' }]);
  });

  it('refuses files past the bounds, whole', async () => {
    const user = await resourceUser(server, { prefix: 'wesley' });
    const many = Array.from({ length: 20_001 }, (_, i) => `fact ${i}`).join('\n\n');
    const count = await importFile(user, { content: many });
    expect(count.res.status).toBe(413);
    expect(count.body).toMatchObject({
      code: 'import_too_large',
      detail:
        'the file holds 20001 memories; an import takes at most 20000: split it into several files',
    });
    const big = await importFile(user, { content: 'é'.repeat(8 * 1024 * 1024 + 1) });
    expect(big.res.status).toBe(413);
    expect(String(big.body.detail)).toMatch(
      /^the file is 16777218 bytes; an import takes at most 16777216 bytes/,
    );
    const me = (await (await user.call('/api/v1/me')).json()) as { id: string };
    expect(await memoryCount(me.id)).toBe(0);
  });

  it('embeds in the background: progress until done, then found by search; nobody else may follow it', async () => {
    const user = await resourceUser(server, { prefix: 'obrien' });
    const content = Array.from(
      { length: 40 },
      (_, i) => `- Transporter log ${i}: beamed cargo to deck ${i}`,
    )
      .concat(['- Keiko grows bonsai trees'])
      .join('\n');
    const { body } = await importFile(user, { content });
    const importId = String(body.importId);
    const done = await untilImported(user, importId);
    expect(done).toMatchObject({
      imported: 41,
      embedded: 41,
      pending: 0,
      finishedAt: expect.any(String),
    });
    const search = await user.call('/api/v1/memories/search', {
      json: { query: 'bonsai trees', limit: 1 },
    });
    expect(
      ((await search.json()) as { results: { memory: { text: string } }[] }).results[0]!.memory
        .text,
    ).toBe('Keiko grows bonsai trees');
    // Keyword-indexed as written, like a created memory: found by a rare word alone.
    const byWord = await user.call('/api/v1/memories/search', {
      json: { query: 'Keiko', mode: 'keyword', limit: 1 },
    });
    expect(
      ((await byWord.json()) as { results: { memory: { text: string } }[] }).results.map(
        (hit) => hit.memory.text,
      ),
    ).toEqual(['Keiko grows bonsai trees']);
    const other = await riker.call(`/api/v1/me/imports/${importId}`);
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ code: 'import_not_found' });
  });
});
