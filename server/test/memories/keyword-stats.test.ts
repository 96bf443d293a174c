import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { purgeExpired } from '../../src/memories/purge.js';
import type { MemoryStore } from '../../src/memories/memory-store.js';
import { createTestStore, createUser, manualClock } from '../../../test/support/factories.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';

let test: TestDatabase;
let store: MemoryStore;
const clock = manualClock();
beforeAll(async () => {
  test = await createTestDatabase();
  store = await createTestStore(test.db, { now: clock.now });
});
afterAll(() => test.drop());

/** keyword_stats as stored, and as counting the indexed memories gives it. */
async function keptAndCounted() {
  const kept = await test.db.sql.query(
    `SELECT user_id, permission::text, superseded, memory_count::int AS n, total_length::int AS len
       FROM keyword_stats ORDER BY 1, 2, 3`,
  );
  const counted = await test.db.sql.query(
    `SELECT user_id, permission::text, superseded_by IS NOT NULL AS superseded,
            count(*)::int AS n, sum(keyword_length)::int AS len
       FROM memories WHERE keyword_key_id IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  );
  return { kept, counted };
}

/** keyword_postings as stored, and as unnesting the indexed memories' entries gives it. */
async function postingsKeptAndDerived() {
  const columns = `user_id, hash, memory_id, tf, length, permission::text, superseded,
                   expires_at`;
  const kept = await test.db.sql.query(
    `SELECT ${columns} FROM keyword_postings ORDER BY user_id, hash, memory_id`,
  );
  const derived = await test.db.sql.query(
    `SELECT ${columns}
       FROM (SELECT m.user_id, t.hash, m.id AS memory_id, t.tf, m.keyword_length AS length,
                    m.permission, m.superseded_by IS NOT NULL AS superseded, m.expires_at
               FROM memories m, unnest(m.keyword_hashes, m.keyword_freqs) AS t(hash, tf)
              WHERE m.keyword_key_id IS NOT NULL) d
      ORDER BY user_id, hash, memory_id`,
  );
  return { kept, derived };
}

/** keyword_frequencies as stored, and as counting the postings gives it. */
async function frequenciesKeptAndCounted() {
  const kept = await test.db.sql.query(
    `SELECT user_id, hash, permission::text, superseded, postings::int AS n
       FROM keyword_frequencies ORDER BY 1, 2, 3, 4`,
  );
  const counted = await test.db.sql.query(
    `SELECT user_id, hash, permission::text, superseded, count(*)::int AS n
       FROM keyword_postings GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
  );
  return { kept, counted };
}

describe('BM25 statistics of the keyword index', () => {
  it('stay equal to a count of the indexed memories through every kind of write, the postings to their entries and the frequencies to the postings', async () => {
    const expectExact = async () => {
      const { kept, counted } = await keptAndCounted();
      expect(kept).toEqual(counted);
      const postings = await postingsKeptAndDerived();
      expect(postings.kept).toEqual(postings.derived);
      const frequencies = await frequenciesKeptAndCounted();
      expect(frequencies.kept).toEqual(frequencies.counted);
    };
    const [ana, ben] = [await createUser(test.db, 'ana'), await createUser(test.db, 'ben')];
    const first = await store.memories.create(ana.id, { text: 'Pottery class on Tuesdays' });
    const second = await store.memories.create(ana.id, {
      text: 'The pottery teacher is called Ilse and she fires the kiln on Fridays',
      permission: 'public',
    });
    await store.memories.create(ben.id, { text: 'Ben bakes rye bread' });
    await expectExact();

    await store.memories.update(ana.id, first.id, { text: 'Pottery class moved to Wednesdays' });
    await store.memories.setPermission(ana.id, second.id, 'private');
    await expectExact();
    // A new expiry only (the postings carry it, for the own-memories filter).
    await store.memories.update(ana.id, second.id, {
      expiresAt: new Date(clock.now().getTime() + 86_400_000),
    });
    await expectExact();

    // Superseding, then deleting the successor (which un-supersedes by foreign key).
    const successor = await store.memories.create(ana.id, {
      text: 'Pottery class is now on Thursdays',
      supersedes: [first.id],
    });
    await expectExact();
    await store.memories.delete(ana.id, successor.id);
    await expectExact();

    // Un-indexed memories do not count until they are indexed again.
    await test.db.sql.query(
      `UPDATE memories SET keyword_hashes = '{}', keyword_freqs = '{}', keyword_length = 0,
              keyword_key_id = NULL WHERE id = $1`,
      [second.id],
    );
    await expectExact();
    await store.keywordIndex.indexAll();
    await expectExact();

    // The expiry purge, and deleting a user with their memories.
    await store.memories.create(ben.id, {
      text: 'Ben lends his ladder to Ana',
      expiresAt: new Date(clock.now().getTime() + 1_000),
    });
    clock.advance(10_000);
    await purgeExpired(test.db, { graceMs: 0, now: clock.now() });
    await expectExact();
    await test.db.prisma.user.delete({ where: { id: ben.id } });
    await expectExact();
    const { kept } = await keptAndCounted();
    expect(kept.some((row) => row.user_id === ben.id)).toBe(false);
  });

  it('refuses to update or truncate the postings, which would leave the frequencies behind', async () => {
    const owner = await createUser(test.db, 'dora');
    await store.memories.create(owner.id, { text: 'Kites over the dunes' });
    const before = await frequenciesKeptAndCounted();
    await expect(
      test.db.sql.query('UPDATE keyword_postings SET tf = tf + 1 WHERE user_id = $1', [owner.id]),
    ).rejects.toThrow(/never UPDATE/);
    await expect(test.db.sql.query('TRUNCATE keyword_postings')).rejects.toThrow(/never TRUNCATE/);
    expect(await frequenciesKeptAndCounted()).toEqual(before);
    expect(before.kept).toEqual(before.counted);
  });

  it('score one’s own search as counting would: an expired, unpurged memory changes nothing', async () => {
    const owner = await createUser(test.db, 'cleo');
    await store.memories.create(owner.id, { text: 'Lunch with Ottoline at the harbour' });
    await store.memories.create(owner.id, { text: 'Ottoline lent me a book about lighthouses' });
    await store.memories.create(owner.id, { text: 'Walked the dog along the harbour wall' });
    const search = () =>
      store.search.search(owner.id, { query: 'Ottoline lunch', mode: 'keyword' });
    const before = await search();

    await store.memories.create(owner.id, {
      text: 'Ottoline lunch reminder',
      expiresAt: new Date(clock.now().getTime() + 1_000),
    });
    await store.memories.create(owner.id, {
      text: 'A very long note about the garden, the shed, the roses, the hedge and the pond',
      expiresAt: new Date(clock.now().getTime() + 1_000),
    });
    clock.advance(10_000);
    const after = await search();
    expect(after.map((hit) => [hit.memory.id, hit.relevance])).toEqual(
      before.map((hit) => [hit.memory.id, hit.relevance]),
    );
    expect(before.length).toBe(2);
  });
});
