import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/logger.js';
import { startBackgroundJobs } from '../../src/memories/background-jobs.js';
import type { MemoryStore } from '../../src/memories/memory-store.js';
import { createOpenAITestStore, createUser } from '../../../test/support/factories.js';
import {
  FAKE_DIMENSIONS,
  fakeEmbedding,
  startFakeOpenAI,
  type FakeOpenAI,
} from '../../../test/support/fake-openai.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';

let test: TestDatabase;
let openai: FakeOpenAI;
let store: MemoryStore;

beforeAll(async () => {
  test = await createTestDatabase();
  openai = await startFakeOpenAI();
  store = await createOpenAITestStore(test.db, openai.url);
});
afterAll(async () => {
  await openai.close();
  await test.drop();
});

describe('OpenAI embeddings (through LangChain, against an OpenAI-speaking server)', () => {
  it('measures an unknown model’s dimension once and records the model with each vector', async () => {
    expect(store.embedder).toMatchObject({
      model: 'openai:fake-embed',
      dimensions: FAKE_DIMENSIONS,
    });
    const probe = openai.requests.find((request) => request.path === '/v1/embeddings');
    expect(probe?.authorization).toBe('Bearer sk-test-key');
    expect(probe?.body).toMatchObject({ model: 'fake-embed', encoding_format: 'base64' });

    const alice = await createUser(test.db, 'alice');
    const memory = await store.memories.create(alice.id, { text: 'Rainy days make me want soup' });
    expect(memory.embeddingPending).toBe(false);
    const [row] = await test.db.sql.query<{ embedding_model: string; embedding: string }>(
      'SELECT embedding_model, embedding::text FROM memories WHERE id = $1',
      [memory.id],
    );
    expect(row!.embedding_model).toBe('openai:fake-embed');
    const stored = JSON.parse(row!.embedding) as number[];
    fakeEmbedding('Rainy days make me want soup').forEach((value, i) =>
      expect(stored[i]).toBeCloseTo(value, 5),
    );
  });

  it('finds memories by meaning of their words', async () => {
    const alice = await createUser(test.db, 'alice');
    const soup = await store.memories.create(alice.id, {
      text: 'Tomato soup is my favourite lunch',
    });
    await store.memories.create(alice.id, { text: 'The train leaves at seven' });
    const hits = await store.search.search(alice.id, {
      query: 'favourite soup',
      minSimilarity: -1,
    });
    expect(hits[0]!.memory.id).toBe(soup.id);
  });
});

describe('when the provider fails', () => {
  it('keeps the memory, marks it pending, keeps search working, and the retry embeds it later', async () => {
    const alice = await createUser(test.db, 'alice');
    const before = await store.memories.create(alice.id, {
      text: 'Embedded while the provider was up',
    });

    openai.failing = true;
    const pending = await store.memories.create(alice.id, {
      text: 'Written while the provider was down',
    });
    expect(pending.embeddingPending).toBe(true);
    expect((await store.memories.get(alice.id, pending.id)).text).toBe(
      'Written while the provider was down',
    );
    expect(await store.embeddings.countPending()).toBe(1);
    // Search cannot embed the query either: a vector search fails cleanly, and
    // the default (hybrid) search answers from the keyword index alone.
    await expect(
      store.search.search(alice.id, { query: 'provider', mode: 'vector' }),
    ).rejects.toThrow(/embedding provider failed/);
    const byWords = await store.search.search(alice.id, { query: 'provider' });
    expect(byWords.map((hit) => hit.memory.id).sort()).toEqual([before.id, pending.id].sort());
    expect(byWords.map((hit) => hit.score)).toEqual([null, null]);
    openai.failing = false;

    // Searching works and simply does not see the pending memory yet.
    const hits = await store.search.search(alice.id, { query: 'provider was', minSimilarity: -1 });
    expect(hits.map((hit) => hit.memory.id)).toEqual([before.id]);

    // The background job embeds it on its next round.
    let stop!: () => Promise<void>;
    await new Promise<void>((resolve) => {
      stop = startBackgroundJobs({
        db: test.db,
        embeddings: store.embeddings,
        logger: createLogger('silent', 'test'),
        retryIntervalMs: 1,
        purgeGraceMs: 0,
        onEmbedded: () => resolve(),
      });
    });
    await stop();

    expect(await store.embeddings.countPending()).toBe(0);
    const after = await store.search.search(alice.id, {
      query: 'provider was down',
      minSimilarity: -1,
    });
    expect(after.map((hit) => hit.memory.id)).toContain(pending.id);
  });
});
