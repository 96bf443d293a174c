import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pgvector from 'pgvector';
import { NotFoundError, ValidationError } from '../../src/errors/domain-errors.js';
import type { MemoryStore } from '../../src/memories/memory-store.js';
import { vectorExpression } from '../../src/memories/vector-index.js';
import { createTestStore, createUser } from '../../../test/support/factories.js';
import {
  createTestDatabase,
  usingPostgres,
  type TestDatabase,
} from '../../../test/support/test-database.js';

let test: TestDatabase;
let store: MemoryStore;
beforeAll(async () => {
  test = await createTestDatabase();
  store = await createTestStore(test.db);
});
afterAll(() => test.drop());

const ids = (hits: { memory: { id: string } }[]) => hits.map((hit) => hit.memory.id);

describe('semantic search', () => {
  it('finds the relevant memory first, with scores best first', async () => {
    const alice = await createUser(test.db, 'alice');
    const dog = await store.memories.create(alice.id, {
      text: 'My dog Rufus is a golden retriever.',
    });
    await store.memories.create(alice.id, { text: 'I renewed my passport in March.' });
    await store.memories.create(alice.id, { text: 'Quarterly taxes are due in April.' });

    const hits = await store.search.search(alice.id, {
      query: 'What kind of pet do I have?',
      minSimilarity: -1,
    });
    expect(hits[0]!.memory.id).toBe(dog.id);
    expect(hits[0]!.memory.text).toBe('My dog Rufus is a golden retriever.');
    const relevance = hits.map((hit) => hit.relevance);
    expect(relevance).toEqual([...relevance].sort((a, b) => b - a));
    for (const hit of hits) expect(hit.score!).toBeLessThanOrEqual(1);
  });

  it('applies a given minimum similarity; without one, marks weak matches instead of hiding them', async () => {
    const alice = await createUser(test.db, 'alice');
    await store.memories.create(alice.id, { text: 'My dog Rufus is a golden retriever.' });
    await store.memories.create(alice.id, { text: 'Quarterly taxes are due in April.' });
    const strict = await store.search.search(alice.id, { query: 'dog', minSimilarity: 0.99 });
    expect(strict).toEqual([]);
    const loose = await store.search.search(alice.id, { query: 'dog', minSimilarity: -1 });
    expect(loose).toHaveLength(2);
    const byDefault = await store.search.search(alice.id, { query: 'my golden retriever dog' });
    expect(byDefault).toHaveLength(2);
    expect(byDefault[0]!.match).toBe('strong');
    expect(byDefault[1]!.score!).toBeLessThan(store.embedder.defaultMinSimilarity);
    expect(byDefault[1]!.match).toBe('weak');
  });

  it('searches only the caller’s own memories by default, all permissions', async () => {
    const [alice, bob] = [await createUser(test.db, 'alice'), await createUser(test.db, 'bob')];
    const mine = await store.memories.create(alice.id, { text: 'I grow tomatoes in my garden.' });
    const minePublic = await store.memories.create(alice.id, {
      text: 'Tomatoes need sun.',
      permission: 'public',
    });
    await store.memories.create(bob.id, { text: 'I grow tomatoes too.', permission: 'public' });
    const hits = await store.search.search(alice.id, { query: 'tomatoes', minSimilarity: -1 });
    expect(ids(hits).sort()).toEqual([mine.id, minePublic.id].sort());
  });

  it('searches another user’s public memories only, never their private ones', async () => {
    const [alice, bob] = [await createUser(test.db, 'alice'), await createUser(test.db, 'bob')];
    const open = await store.memories.create(alice.id, {
      text: 'I play the cello.',
      permission: 'public',
    });
    await store.memories.create(alice.id, { text: 'I secretly play the cello badly.' });
    const asBob = await store.search.search(bob.id, {
      query: 'cello',
      username: alice.username,
      minSimilarity: -1,
    });
    expect(ids(asBob)).toEqual([open.id]);
    const askingPrivate = await store.search.search(bob.id, {
      query: 'cello',
      username: alice.username,
      permission: 'private',
      minSimilarity: -1,
    });
    expect(askingPrivate).toEqual([]);
    // Naming oneself searches everything one owns.
    const asAlice = await store.search.search(alice.id, {
      query: 'cello',
      username: alice.username,
      minSimilarity: -1,
    });
    expect(asAlice).toHaveLength(2);
  });

  it('filters by permission and by tags (all of them)', async () => {
    const alice = await createUser(test.db, 'alice');
    const a = await store.memories.create(alice.id, {
      text: 'Trip to Rome',
      tags: ['travel', 'italy'],
    });
    await store.memories.create(alice.id, {
      text: 'Trip to Oslo',
      tags: ['travel'],
      permission: 'public',
    });
    const both = await store.search.search(alice.id, {
      query: 'trip',
      tags: ['travel', 'italy'],
      minSimilarity: -1,
    });
    expect(ids(both)).toEqual([a.id]);
    const publicOnly = await store.search.search(alice.id, {
      query: 'trip',
      permission: 'public',
      minSimilarity: -1,
    });
    expect(publicOnly.map((hit) => hit.memory.text)).toEqual(['Trip to Oslo']);
  });

  it.each([
    ['query must not be empty', { query: '' }],
    ['query must be at most 2000 characters', { query: 'x'.repeat(2001) }],
    ['limit must be between 1 and 100', { query: 'x', limit: 0 }],
    ['limit must be between 1 and 100', { query: 'x', limit: 101 }],
    ['minSimilarity must be between -1 and 1', { query: 'x', minSimilarity: 2 }],
  ])('refuses: %s', async (message, input) => {
    const alice = await createUser(test.db, 'alice');
    const error = await store.search.search(alice.id, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe(message);
  });

  it('answers "user not found" for an unknown username', async () => {
    const alice = await createUser(test.db, 'alice');
    await expect(
      store.search.search(alice.id, { query: 'x', username: 'nobody-here' }),
    ).rejects.toThrow(NotFoundError);
  });

  it('compares only vectors of the active model', async () => {
    const alice = await createUser(test.db, 'alice');
    const memory = await store.memories.create(alice.id, { text: 'I speak Portuguese.' });
    // Pretend it was embedded by another model: it must not be compared.
    await test.db.sql.query("UPDATE memories SET embedding_model = 'other-model' WHERE id = $1", [
      memory.id,
    ]);
    expect(await store.search.search(alice.id, { query: 'Portuguese', minSimilarity: -1 })).toEqual(
      [],
    );
    expect((await store.memories.get(alice.id, memory.id)).embeddingPending).toBe(true);
    expect(await store.embeddings.countPending()).toBeGreaterThanOrEqual(1);
  });
});

describe('large scopes use the HNSW index', () => {
  /** The plan of `text` as the search runs it (iterative HNSW scans on), as one string. */
  const explainWalk = (text: string, values: unknown[]) =>
    test.db.sql
      .withSession((session) =>
        session.transaction(async (tx) => {
          await tx.exec('SET LOCAL hnsw.iterative_scan = relaxed_order');
          return tx.query<{ 'QUERY PLAN': string }>(text, values);
        }),
      )
      .then((plan) => plan.map((row) => row['QUERY PLAN']).join('\n'));

  it('returns up to limit matches for a selective filter (iterative index scan)', async () => {
    // Force the index path for every scope, as for a heavy user.
    const indexed = await createTestStore(test.db, { exactScanMax: 0 });
    const [alice, bob] = [await createUser(test.db, 'alice'), await createUser(test.db, 'bob')];
    const texts = Array.from(
      { length: 60 },
      (_, i) => `Note ${i} about the garden and the weather`,
    );
    for (const [i, text] of texts.entries()) {
      await indexed.memories.create(i % 2 ? bob.id : alice.id, {
        text,
        tags: i % 10 === 0 ? ['rare'] : [],
      });
    }
    // alice has 30 memories, 6 of them tagged "rare", among bob's 30 near-identical ones.
    const hits = await indexed.search.search(alice.id, {
      query: 'garden weather',
      tags: ['rare'],
      minSimilarity: -1,
    });
    expect(hits).toHaveLength(6);
    for (const hit of hits) expect(hit.memory.ownerId).toBe(alice.id);
  });

  it(`is chosen by the planner for a large scope (EXPLAIN on ${usingPostgres ? 'PostgreSQL' : 'PGlite'})`, async () => {
    const heavy = await createUser(test.db, 'heavy');
    const { model, dimensions } = store.embedder;
    // Enough rows with random unit vectors that a scan would be the costly choice.
    await test.db.sql.query(
      `INSERT INTO memories (id, user_id, text_ciphertext, key_id, updated_at, embedding, embedding_model)
       SELECT gen_random_uuid(), $1, '\\x00', 'none', now(),
              (SELECT array_agg(random() - 0.5)::vector FROM generate_series(1, $2) WHERE g > 0), $3
         FROM generate_series(1, 1000) g`,
      [heavy.id, dimensions, model],
    );
    await test.db.sql.exec('ANALYZE memories');
    const vector = vectorExpression(model, dimensions);
    const probe = pgvector.toSql(Array.from({ length: dimensions }, (_, i) => (i % 7) - 3));
    const text = await explainWalk(
      `EXPLAIN SELECT id FROM memories
        WHERE user_id = $1::uuid AND ${vector.modelPredicate}
          AND (expires_at IS NULL OR expires_at > now())
        ORDER BY ${vector.column} <=> $2${vector.cast} LIMIT 10`,
      [heavy.id, probe],
    );
    expect(text).toContain(`Index Scan using ${vector.indexName}`);
  });

  it('walks the index of shared memories for a search of what was shared with the reader', async () => {
    // Shared memories are a small part of a large table: the shared scope's
    // filter (permission = 'shared') lets the planner take their own graph.
    const [sharer, reader] = [
      await createUser(test.db, 'sharer'),
      await createUser(test.db, 'reader'),
    ];
    const { model, dimensions } = store.embedder;
    await test.db.sql.query(
      `INSERT INTO memories (id, user_id, text_ciphertext, key_id, updated_at, permission,
                             embedding, embedding_model)
       SELECT gen_random_uuid(), $1, '\\x00', 'none', now(),
              CASE WHEN g % 2 = 0 THEN 'shared' ELSE 'private' END::permission,
              (SELECT array_agg(random() - 0.5)::vector FROM generate_series(1, $2) WHERE g > 0), $3
         FROM generate_series(1, 2000) g`,
      [sharer.id, dimensions, model],
    );
    await test.db.sql.exec('ANALYZE memories');
    const vector = vectorExpression(model, dimensions);
    const probe = pgvector.toSql(Array.from({ length: dimensions }, (_, i) => (i % 5) - 2));
    const text = await explainWalk(
      `EXPLAIN SELECT id FROM memories m
        WHERE m.user_id <> $1::uuid AND m.permission = 'shared' AND m.${vector.modelPredicate}
          AND (m.expires_at IS NULL OR m.expires_at > now())
        ORDER BY ${vector.column} <=> $2${vector.cast} LIMIT 10`,
      [reader.id, probe],
    );
    expect(text).toContain(`Index Scan using ${vector.sharedIndexName}`);
  });
});
