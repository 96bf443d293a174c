import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MemoryStore } from '../../src/memories/memory-store.js';
import { RETRIEVAL_FIXTURE } from '../../../test/support/fixtures/retrieval.js';
import { createTestStore, createUser } from '../../../test/support/factories.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';

let test: TestDatabase;
let store: MemoryStore;
beforeAll(async () => {
  test = await createTestDatabase();
  store = await createTestStore(test.db);
});
afterAll(() => test.drop());

describe('retrieval quality with the offline model', () => {
  it('finds the labelled memory in the top 5 for at least 80% of 40 questions', async () => {
    expect(RETRIEVAL_FIXTURE.length).toBeGreaterThanOrEqual(40);
    const user = await createUser(test.db, 'fixture');
    const idOf = new Map<string, string>();
    for (const item of RETRIEVAL_FIXTURE) {
      idOf.set(item.key, (await store.memories.create(user.id, { text: item.text })).id);
    }
    const misses: string[] = [];
    for (const item of RETRIEVAL_FIXTURE) {
      const hits = await store.search.search(user.id, {
        query: item.question,
        limit: 5,
        minSimilarity: -1,
      });
      if (!hits.some((hit) => hit.memory.id === idOf.get(item.key))) misses.push(item.key);
    }
    // Measured: recall@5 = 1.0 and recall@1 = 0.975 with Universal Sentence Encoder lite.
    expect(1 - misses.length / RETRIEVAL_FIXTURE.length).toBeGreaterThanOrEqual(0.8);
  });

  it('scores the labelled memory above the default minimum similarity for most questions', async () => {
    const user = await createUser(test.db, 'fixture');
    const idOf = new Map<string, string>();
    for (const item of RETRIEVAL_FIXTURE) {
      idOf.set(item.key, (await store.memories.create(user.id, { text: item.text })).id);
    }
    let kept = 0;
    for (const item of RETRIEVAL_FIXTURE) {
      const hits = await store.search.search(user.id, { query: item.question, limit: 5 });
      if (hits.some((hit) => hit.memory.id === idOf.get(item.key))) kept += 1;
    }
    expect(kept / RETRIEVAL_FIXTURE.length).toBeGreaterThanOrEqual(0.75);
  });
});
