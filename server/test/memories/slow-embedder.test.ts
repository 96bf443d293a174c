import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createEmbedder } from '../../src/embeddings/create-embedder.js';
import { createLogger } from '../../src/logger.js';
import { startBackgroundJobs } from '../../src/memories/background-jobs.js';
import { createTestStore, createUser } from '../../../test/support/factories.js';
import {
  FAKE_DIMENSIONS,
  startFakeOpenAI,
  type FakeOpenAI,
} from '../../../test/support/fake-openai.js';
import { resourceUser, type ResourceUser } from '../../../scripts/lib/resource-users.js';
import { testConfig } from '../../../test/support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

/**
 * A slow, hung or absent embedding provider must never hold writes: they
 * answer after a bounded wait with the memory pending, retries with an
 * idempotency key never duplicate, and the memories are embedded as soon as
 * the provider is back.
 */
let test: TestDatabase;
let openai: FakeOpenAI;
let server: TestServer;
let picard: ResourceUser;

const env = (url: string) => ({
  OPENAI_API_KEY: 'sk-test-key',
  OPENAI_BASE_URL: url,
  EMBEDDING_MODEL: 'fake-embed',
  // Small, so a hung provider shows quickly; the default is a few seconds.
  EMBEDDING_WAIT_MS: '20',
});

beforeAll(async () => {
  test = await createTestDatabase();
  openai = await startFakeOpenAI();
  const config = testConfig(env(openai.url));
  const store = await createTestStore(test.db, {
    embedder: await createEmbedder(config),
    env: env(openai.url),
  });
  server = await startTestServer(test.db, env(openai.url), { store });
  picard = await resourceUser(server, { prefix: 'picard' });
});
afterAll(async () => {
  openai.hang(false);
  await server.close();
  await openai.close();
  await test.drop();
});

type MemoryJson = { id: string; text: string; embeddingPending: boolean };

const create = (body: unknown, key?: string) =>
  picard.call('/api/v1/memories', {
    json: body,
    headers: key === undefined ? {} : { 'idempotency-key': key },
  });

/** Waits until the memory is embedded, reading it as a client would. */
async function embedded(user: ResourceUser, id: string): Promise<MemoryJson> {
  for (;;) {
    const memory = (await (await user.call(`/api/v1/memories/${id}`)).json()) as MemoryJson;
    if (!memory.embeddingPending) return memory;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const countMemories = async (userId?: string) => {
  const [row] = await test.db.sql.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM memories WHERE $1::uuid IS NULL OR user_id = $1::uuid',
    [userId ?? null],
  );
  return row!.n;
};

describe('writes while the embedding provider hangs', () => {
  it('answer with the memory pending, and the embedding lands once the provider answers', async () => {
    openai.hang(true);
    const res = await create({ text: 'The Picard manoeuvre confuses sensors' });
    expect(res.status).toBe(201);
    const memory = (await res.json()) as MemoryJson;
    expect(memory).toMatchObject({ embeddingPending: true });
    // The provider really holds the embedding request.
    while (openai.held === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    // An edit does not wait either.
    const edit = await picard.call(`/api/v1/memories/${memory.id}`, {
      method: 'PATCH',
      json: { text: 'The Picard manoeuvre confuses long-range sensors' },
    });
    expect(edit.status).toBe(200);
    expect(await edit.json()).toMatchObject({ embeddingPending: true, version: 2 });

    openai.hang(false);
    expect(await embedded(picard, memory.id)).toMatchObject({
      text: 'The Picard manoeuvre confuses long-range sensors',
    });
  });

  it('a retry with the same Idempotency-Key returns the first memory instead of a duplicate', async () => {
    openai.hang(true);
    const before = await countMemories();
    const body = { text: 'Tea, Earl Grey, hot', tags: ['replicator'] };
    const first = await create(body, 'order-1701');
    expect(first.status).toBe(201);
    const original = (await first.json()) as MemoryJson;
    expect(original.embeddingPending).toBe(true);

    const retry = await create(body, 'order-1701');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('location')).toBe(`/api/v1/memories/${original.id}`);
    expect(((await retry.json()) as MemoryJson).id).toBe(original.id);
    expect(await countMemories()).toBe(before + 1);

    // The same key with another request is refused, and writes nothing.
    const reused = await create({ text: 'Tea, Earl Grey, cold' }, 'order-1701');
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await reused.json()).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect(await countMemories()).toBe(before + 1);

    // Another user's key space is their own.
    const riker = await resourceUser(server, { prefix: 'riker' });
    const his = await riker.call('/api/v1/memories', {
      json: body,
      headers: { 'idempotency-key': 'order-1701' },
    });
    expect(his.status).toBe(201);
    expect(((await his.json()) as MemoryJson).id).not.toBe(original.id);
    openai.hang(false);
  });

  it('concurrent creates with one key make one memory', async () => {
    const before = await countMemories();
    const body = { text: 'Engage' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => create(body, 'engage-once')));
    const ids = await Promise.all(
      answers.map(async (res) => {
        expect(res.status).toBe(201);
        return ((await res.json()) as MemoryJson).id;
      }),
    );
    expect(new Set(ids).size).toBe(1);
    expect(await countMemories()).toBe(before + 1);
  });

  it('refuses the key in the body or malformed, naming the header', async () => {
    const before = await countMemories();
    const inBody = await create({ text: 'Make it so', idempotencyKey: 'k' });
    expect(inBody.status).toBe(400);
    expect(await inBody.json()).toMatchObject({
      code: 'invalid_input',
      field: 'idempotencyKey',
      detail: expect.stringContaining('Idempotency-Key header'),
    });
    const tooLong = await create({ text: 'Make it so' }, 'k'.repeat(256));
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({ field: 'idempotencyKey' });
    expect(await countMemories()).toBe(before);
  });

  it('MCP submit_memory takes idempotency_key with the same meaning', async () => {
    const data = await resourceUser(server, { prefix: 'data', resource: 'mcp' });
    const client = new Client({ name: 'idempotency-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${data.accessToken}` } },
      }),
    );
    try {
      openai.hang(true);
      const submit = (text: string) =>
        client.callTool({
          name: 'submit_memory',
          arguments: { text, idempotency_key: 'spot-fed' },
        }) as Promise<{ isError?: boolean; structuredContent?: MemoryJson }>;
      const first = await submit('Spot has been fed');
      expect(first.isError).toBeFalsy();
      expect(first.structuredContent).toMatchObject({ embedding_pending: true });
      const again = await submit('Spot has been fed');
      expect(again.structuredContent!.id).toBe(first.structuredContent!.id);
      const other = await submit('Spot has not been fed');
      expect(other.isError).toBe(true);
      openai.hang(false);
    } finally {
      openai.hang(false);
      await client.close();
    }
  });
});

describe('when the provider comes back', () => {
  it('memories waiting out a long back-off are embedded as soon as a write succeeds', async () => {
    const alice = await createUser(test.db, 'alice');
    const store = server.store;
    openai.failing = true;
    const waiting = await store.memories.create(alice.id, { text: 'Written during the outage' });
    expect(waiting.embeddingPending).toBe(true);

    const failures: number[] = [];
    const embeddedCounts: number[] = [];
    let failed!: () => void;
    let caughtUp!: () => void;
    const firstFailure = new Promise<void>((resolve) => (failed = resolve));
    const done = new Promise<void>((resolve) => (caughtUp = resolve));
    const stop = startBackgroundJobs({
      db: test.db,
      embeddings: store.embeddings,
      logger: createLogger('silent', 'test'),
      // Long: the test would time out if the waiting memory had to wait it out.
      retryIntervalMs: 60_000,
      purgeGraceMs: 0,
      onRetryFailed: (count, nextDelayMs) => {
        failures.push(nextDelayMs);
        failed();
      },
      onEmbedded: (count) => {
        embeddedCounts.push(count);
        caughtUp();
      },
    });
    try {
      // The first round runs at start and fails: the back-off grows.
      await firstFailure;
      expect(failures[0]).toBeGreaterThan(60_000);

      openai.failing = false;
      await store.memories.create(alice.id, { text: 'Written after the outage' });
      await done;
      expect(embeddedCounts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
      expect((await store.memories.get(alice.id, waiting.id)).embeddingPending).toBe(false);
    } finally {
      openai.failing = false;
      await stop();
    }
  });
});

describe('a provider that is down when the server starts', () => {
  it('does not stop the start; memories wait and are embedded once it is up', async () => {
    const db = await createTestDatabase();
    const down = await startFakeOpenAI();
    try {
      down.failing = true;
      // Long enough for a healthy provider to answer within the write.
      const slowEnv = { ...env(down.url), EMBEDDING_WAIT_MS: '30000' };
      const config = testConfig(slowEnv);
      // The model's dimensions are unknown: they would be measured with a call.
      const embedder = await createEmbedder(config);
      expect(embedder.dimensions).toBe(0);
      const store = await createTestStore(db.db, { embedder, env: slowEnv });
      const worf = await createUser(db.db, 'worf');
      const early = await store.memories.create(worf.id, {
        text: 'Prune juice is a warrior drink',
      });
      expect(early.embeddingPending).toBe(true);

      down.failing = false;
      const later = await store.memories.create(worf.id, { text: 'Bat’leth practice at dawn' });
      expect(later.embeddingPending).toBe(false);
      expect(embedder.dimensions).toBe(FAKE_DIMENSIONS);
      await embedder.ready;
      expect((await store.embeddings.embedBatch({ batchSize: 10 })).embedded).toBe(1);
      const hits = await store.search.search(worf.id, {
        query: 'warrior drink',
        minSimilarity: -1,
      });
      expect(hits.map((hit) => hit.memory.id)).toEqual([early.id, later.id]);
    } finally {
      await down.close();
      await db.drop();
    }
  });
});
