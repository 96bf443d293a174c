import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Embedder } from '../../src/embeddings/embedder.js';
import { createLogger } from '../../src/logger.js';
import { startBackgroundJobs } from '../../src/memories/background-jobs.js';
import { termsOf } from '../../src/memories/keyword-terms.js';
import type { MemoryStore } from '../../src/memories/memory-store.js';
import { FIXTURE_MEMORIES } from '../../../test/fixtures/hybrid-retrieval.js';
import { createTestStore, createUser, manualClock } from '../../../test/support/factories.js';
import {
  createTestDatabase,
  usingPostgres,
  type TestDatabase,
} from '../../../test/support/test-database.js';
import { testSecretsEnv } from '../../../test/support/test-config.js';

let test: TestDatabase;
let store: MemoryStore;
beforeAll(async () => {
  test = await createTestDatabase();
  store = await createTestStore(test.db);
});
afterAll(() => test.drop());

const ids = (hits: { memory: { id: string } }[]) => hits.map((hit) => hit.memory.id);

/** One user holding the whole fixture; returns the memory id of each key. */
async function fixtureUser(permission: 'private' | 'public' = 'private') {
  const user = await createUser(test.db, 'ines');
  const idOf = new Map<string, string>();
  for (const item of FIXTURE_MEMORIES) {
    idOf.set(item.key, (await store.memories.create(user.id, { text: item.text, permission })).id);
  }
  return { user, idOf };
}

describe('the keyword index', () => {
  it('holds no plaintext: no word of the text, nor its stem, appears in the stored row', async () => {
    const { user } = await fixtureUser();
    // Every column but the vector and the model's name (which are not the
    // text). The ciphertext is checked as the bytes it is, and the hashes
    // whole: as text, hex digits and random hash characters can spell a word
    // by chance ("…bmarchj…"), which would say nothing about the index.
    const rows = await test.db.sql.query<{
      row: string;
      ciphertext: Uint8Array;
      hashes: string[];
    }>(
      `SELECT row_to_json(m)::text AS row, c.text_ciphertext AS ciphertext, c.keyword_hashes AS hashes
         FROM memories c,
              LATERAL (SELECT c.id, c.user_id, c.key_id, c.tags, c.keyword_freqs, c.keyword_length,
                              c.keyword_key_id, c.idempotency_key, c.idempotency_fingerprint) m
        WHERE c.user_id = $1`,
      [user.id],
    );
    expect(rows).toHaveLength(FIXTURE_MEMORIES.length);
    const words = new Set(
      FIXTURE_MEMORIES.flatMap((item) => [
        ...termsOf(item.text),
        ...(item.text.toLowerCase().match(/[a-z]{5,}/g) ?? []),
      ]).filter((word) => word.length >= 5),
    );
    expect(words.size).toBeGreaterThan(100);
    for (const { row, ciphertext, hashes } of rows) {
      const lower = row.toLowerCase();
      const bytes = Buffer.from(ciphertext).toString('latin1').toLowerCase();
      for (const word of words) {
        expect(lower).not.toContain(word);
        expect(bytes).not.toContain(word);
      }
      // What the GIN index holds are these elements: keyed hashes only.
      expect(hashes.length).toBeGreaterThan(0);
      for (const hash of hashes) {
        expect(hash).toMatch(/^[A-Za-z0-9_-]{16}$/);
        expect(words.has(hash.toLowerCase())).toBe(false);
      }
    }
  });

  it('holds no plaintext on disk either: the table’s and the GIN index’s pages', async () => {
    // The index holds the values of keyword_hashes only (scanned above)…
    const [index] = await test.db.sql.query<{ def: string }>(
      "SELECT pg_get_indexdef('memories_keyword_hashes_idx'::regclass) AS def",
    );
    expect(index!.def).toMatch(/USING gin \(keyword_hashes\) WITH \(fastupdate=off\)$/);
    // …and its pages are read directly where allowed: reading a relation's
    // file needs a superuser, which the embedded database runs as and the
    // PostgreSQL test role is not.
    if (usingPostgres) return;
    const user = await createUser(test.db, 'disk');
    const words = ['kittiwake', 'okonkwo', 'achterberg'];
    await store.memories.create(user.id, { text: 'Kittiwake, Okonkwo and Achterberg sail' });
    await test.db.sql.exec(
      `CREATE TABLE disk_probe (t text); INSERT INTO disk_probe VALUES ('okonkwo'); CHECKPOINT`,
    );
    const fileText = async (relation: string) => {
      const [row] = await test.db.sql.query<{ bytes: Uint8Array }>(
        'SELECT pg_read_binary_file(pg_relation_filepath($1::regclass)) AS bytes',
        [relation],
      );
      return Buffer.from(row!.bytes).toString('latin1').toLowerCase();
    };
    // The scan finds a word where one is stored in clear…
    expect(await fileText('disk_probe')).toContain('okonkwo');
    // …and none in the memories table, the keyword index or its statistics.
    for (const relation of ['memories', 'memories_keyword_hashes_idx', 'keyword_stats']) {
      const bytes = await fileText(relation);
      for (const word of [...words, ...words.map((word) => termsOf(word)[0]!)]) {
        expect(bytes).not.toContain(word);
      }
    }
  });

  it('hashes one word differently for two owners', async () => {
    const [alice, bob] = [await createUser(test.db, 'alice'), await createUser(test.db, 'bob')];
    const a = await store.memories.create(alice.id, { text: 'Zanzibar' });
    const b = await store.memories.create(bob.id, { text: 'Zanzibar' });
    const rows = await test.db.sql.query<{ id: string; hashes: string[] }>(
      'SELECT id, keyword_hashes AS hashes FROM memories WHERE id = ANY($1::uuid[])',
      [[a.id, b.id]],
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]!.hashes).toHaveLength(1);
    expect(rows[0]!.hashes).not.toEqual(rows[1]!.hashes);
  });
});

describe('hybrid search', () => {
  it('finds a memory by a rare exact term (a name, a number) that vector search ranks low', async () => {
    const { user, idOf } = await fixtureUser();
    for (const [query, key] of [
      ['7731', 'locker'],
      ['214', 'office'],
      ['Kittiwake', 'boat'],
    ] as const) {
      const vector = await store.search.search(user.id, { query, mode: 'vector', limit: 5 });
      expect(ids(vector)[0]).not.toBe(idOf.get(key));
      const hybrid = await store.search.search(user.id, { query, limit: 5 });
      expect(ids(hybrid)[0]).toBe(idOf.get(key));
      expect(hybrid[0]).toMatchObject({ match: 'strong', keyword: { matchedTerms: 1 } });
      const keyword = await store.search.search(user.id, { query, mode: 'keyword' });
      expect(ids(keyword)).toEqual([idOf.get(key)]);
    }
  });

  it('ranks the only, right memory first and marks it rather than hiding it behind the minimum similarity', async () => {
    const user = await createUser(test.db, 'reader');
    const club = await store.memories.create(user.id, {
      text: 'Book club at Maria’s on Thursdays.',
    });
    const hits = await store.search.search(user.id, { query: 'when does the reading group meet?' });
    expect(ids(hits)).toEqual([club.id]);
    expect(['strong', 'weak']).toContain(hits[0]!.match);
    expect(hits[0]!.ownerUsername).toBe(user.username);
  });

  it('applies owner scope, permission, tags and expiry to keyword hits too', async () => {
    const clock = manualClock();
    const timed = await createTestStore(test.db, { embedder: store.embedder, now: clock.now });
    const [alice, bob] = [await createUser(test.db, 'alice'), await createUser(test.db, 'bob')];
    const open = await timed.memories.create(alice.id, {
      text: 'Zanzibar trip in May',
      permission: 'public',
      tags: ['travel'],
    });
    const secret = await timed.memories.create(alice.id, { text: 'Zanzibar surprise for Bob' });
    await timed.memories.create(alice.id, {
      text: 'Zanzibar ferry times',
      permission: 'public',
      expiresAt: new Date(clock.now().getTime() + 60_000),
    });
    await timed.memories.create(bob.id, { text: 'Zanzibar is on my list', permission: 'public' });
    clock.advance(120_000);

    const asBob = await timed.search.search(bob.id, {
      query: 'Zanzibar',
      username: alice.username,
      mode: 'keyword',
    });
    expect(ids(asBob)).toEqual([open.id]);
    expect(asBob[0]!.ownerUsername).toBe(alice.username);
    const own = await timed.search.search(alice.id, { query: 'Zanzibar', mode: 'keyword' });
    expect(ids(own).sort()).toEqual([open.id, secret.id].sort());
    const tagged = await timed.search.search(alice.id, {
      query: 'Zanzibar',
      mode: 'keyword',
      tags: ['travel'],
    });
    expect(ids(tagged)).toEqual([open.id]);
  });

  it('lets no other memory than those searched change a score (private, other users’)', async () => {
    const [alice, bob, carol] = [
      await createUser(test.db, 'alice'),
      await createUser(test.db, 'bob'),
      await createUser(test.db, 'carol'),
    ];
    await store.memories.create(alice.id, { text: 'Lunch with Ottoline', permission: 'public' });
    await store.memories.create(alice.id, {
      text: 'Ottoline lent me a book',
      permission: 'public',
    });
    const before = await store.search.search(bob.id, {
      query: 'Ottoline lunch',
      username: alice.username,
      mode: 'keyword',
    });
    // Alice's private memories and Carol's, full of the same words, change nothing Bob sees.
    for (let i = 0; i < 5; i += 1) {
      await store.memories.create(alice.id, { text: `Ottoline lunch secret ${i}` });
      await store.memories.create(carol.id, { text: 'Ottoline lunch', permission: 'public' });
    }
    const after = await store.search.search(bob.id, {
      query: 'Ottoline lunch',
      username: alice.username,
      mode: 'keyword',
    });
    expect(after.map((hit) => [hit.memory.id, hit.relevance])).toEqual(
      before.map((hit) => [hit.memory.id, hit.relevance]),
    );
  });

  it('searches memories shared by many people by keyword, and only those shared with the reader', async () => {
    // Twelve sharers make the query's hashes (one set per owner) more than the
    // few the array-position lookup serves: the many-owner keyword path runs.
    const reader = await createUser(test.db, 'ezri');
    const stranger = await createUser(test.db, 'garak');
    const sharers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => createUser(test.db, `sharer${i}`)),
    );
    const shared: Array<{ id: string }> = [];
    for (const [i, sharer] of sharers.entries()) {
      const memory = await store.memories.create(sharer.id, {
        text:
          i === 7 ? 'The Trill symbiont pool lies under the caverns' : `Note number ${i} on tea`,
      });
      await store.sharing.share(sharer.id, memory.id, { users: [reader.username], groups: [] });
      shared.push(memory);
    }
    // The same words, not shared with the reader.
    await store.memories.create(sharers[0]!.id, {
      text: 'Symbiont pool caverns, private notes',
    });
    await store.memories.create(stranger.id, {
      text: 'Symbiont pool caverns, public notes',
      permission: 'public',
    });

    const hits = await store.search.search(reader.id, {
      query: 'symbiont pool caverns',
      scope: 'shared',
      mode: 'keyword',
      minSimilarity: -1,
    });
    expect(hits.map((hit) => hit.memory.id)).toEqual([shared[7]!.id]);
    const hybrid = await store.search.search(reader.id, {
      query: 'symbiont pool caverns',
      scope: 'shared',
    });
    expect(hybrid[0]!.memory.id).toBe(shared[7]!.id);
    expect(hybrid.every((hit) => shared.some((memory) => memory.id === hit.memory.id))).toBe(true);
  });

  it('finds by keyword what several people shared through groups and directly', async () => {
    // Each person sharing has their own key: the search must hash the query
    // for every one of them, found from direct shares and from each group's
    // shares, whoever the group's owner is.
    const reader = await createUser(test.db, 'jadzia');
    const people = await Promise.all(
      ['benjamin', 'julian', 'miles', 'keiko'].map((name) => createUser(test.db, name)),
    );
    const [benjamin, julian, miles, keiko] = people as [
      (typeof people)[number],
      (typeof people)[number],
      (typeof people)[number],
      (typeof people)[number],
    ];
    const { groups } = await store.groups.run(benjamin.id, {
      action: 'create',
      name: 'station',
      members: [reader.username, julian.username, miles.username],
    });
    const station = groups.find((group) => group.name === 'station')!;
    const expected: string[] = [];
    for (const [person, to] of [
      [benjamin, { users: [], groups: [station.id] }],
      [julian, { users: [], groups: [station.id] }],
      [miles, { users: [], groups: [station.id] }],
      [keiko, { users: [reader.username], groups: [] }],
    ] as const) {
      const memory = await store.memories.create(person.id, {
        text: `${person.username} keeps a baseball in the office`,
      });
      await store.sharing.share(person.id, memory.id, {
        users: [...to.users],
        groups: [...to.groups],
      });
      expected.push(memory.id);
    }

    const hits = await store.search.search(reader.id, {
      query: 'baseball',
      scope: 'shared',
      mode: 'keyword',
    });
    expect(ids(hits).sort()).toEqual(expected.sort());
  });

  it('weighs a word by how rare it is across everything searched, not within each owner', async () => {
    // Hashes are keyed per owner, so one word has one hash per sharer. Its
    // document frequency must add up over them: "lantern" is in six shared
    // memories (one of Odo's, five of Kira's), "quark" in one. Counted per
    // owner, Odo's lone "lantern" would look as rare as "quark" and tie.
    const reader = await createUser(test.db, 'nog');
    const odo = await createUser(test.db, 'odo');
    const kira = await createUser(test.db, 'kira');
    const share = async (owner: { id: string }, text: string) => {
      const memory = await store.memories.create(owner.id, { text });
      await store.sharing.share(owner.id, memory.id, { users: [reader.username], groups: [] });
      return memory;
    };
    const lantern = await share(odo, 'A brass lantern');
    const quark = await share(kira, 'A brass quark');
    for (const place of ['cellar', 'attic', 'porch', 'shed', 'barn']) {
      await share(kira, `The lantern in the ${place} needs oil and a new wick`);
    }

    const hits = await store.search.search(reader.id, {
      query: 'lantern quark',
      scope: 'shared',
      mode: 'keyword',
      minSimilarity: -1,
    });
    const relevance = new Map(hits.map((hit) => [hit.memory.id, hit.relevance]));
    expect(hits[0]!.memory.id).toBe(quark.id);
    expect(relevance.get(quark.id)!).toBeGreaterThan(relevance.get(lantern.id)!);
  });

  it.each(['shared', 'all'] as const)(
    'scores a search of scope %s from what was shared with the reader only',
    async (scope) => {
      // The sharer's private memories and those shared with someone else hold
      // the same words: neither the matches nor BM25's count and lengths may
      // see them, so the reader's scores stay as they were.
      const reader = await createUser(test.db, `leeta-${scope}`);
      const other = await createUser(test.db, `broik-${scope}`);
      const sharer = await createUser(test.db, `zek-${scope}`);
      for (const text of ['Latinum ledger for the vault', 'Ferengi tea at the bar']) {
        const memory = await store.memories.create(sharer.id, { text });
        await store.sharing.share(sharer.id, memory.id, { users: [reader.username], groups: [] });
      }
      const scores = async () =>
        (
          await store.search.search(reader.id, {
            query: 'latinum vault',
            scope,
            mode: 'keyword',
          })
        ).map((hit) => [hit.memory.id, hit.relevance]);
      const before = await scores();
      expect(before).toHaveLength(1);

      await store.memories.create(sharer.id, { text: 'Latinum, more latinum, a vault of latinum' });
      for (const text of ['The vault', 'A long note on the vault, the ledger and the bar']) {
        const elsewhere = await store.memories.create(sharer.id, { text });
        await store.sharing.share(sharer.id, elsewhere.id, { users: [other.username], groups: [] });
      }
      expect(await scores()).toEqual(before);
    },
  );

  it('scores a word of very many of one’s memories in its strongest ones only, counting it in all', async () => {
    // With a cap of two postings per word, "kettle" (in four memories) is
    // scored in the two shortest, as BM25 ranks them, and its idf still
    // counts four memories: those two score exactly as without the cap.
    const capped = await createTestStore(test.db, { keywordTermCap: 2 });
    const owner = await createUser(test.db, 'garak');
    const made: string[] = [];
    for (const text of [
      'The old kettle on the stove by the window whistles every morning at seven',
      'Kettle',
      'The kettle in the back room of the tailor shop',
      'A copper kettle',
    ]) {
      made.push((await store.memories.create(owner.id, { text })).id);
    }
    const search = (over: MemoryStore) =>
      over.search.search(owner.id, { query: 'kettle', mode: 'keyword', limit: 10 });
    const all = await search(store);
    const strongest = await search(capped);

    expect(ids(all)).toEqual([made[1], made[3], made[2], made[0]]);
    expect(ids(strongest)).toEqual([made[1], made[3]]);
    expect(strongest.map((hit) => hit.relevance)).toEqual(
      all.slice(0, 2).map((hit) => hit.relevance),
    );
  });

  it('reads other people’s postings whole under the cap, since sharing filters them after', async () => {
    // The sharer's two strongest "kettle" memories are not shared with the
    // reader: capped before the share rule, the one that is would be lost.
    const capped = await createTestStore(test.db, { keywordTermCap: 2 });
    const sharer = await createUser(test.db, 'tain');
    const reader = await createUser(test.db, 'mila');
    for (const text of ['Kettle', 'A copper kettle']) {
      await store.memories.create(sharer.id, { text });
    }
    const shared = await store.memories.create(sharer.id, {
      text: 'The kettle in the back room of the tailor shop',
    });
    await store.sharing.share(sharer.id, shared.id, { users: [reader.username], groups: [] });

    const hits = await capped.search.search(reader.id, {
      query: 'kettle',
      scope: 'shared',
      mode: 'keyword',
    });
    expect(ids(hits)).toEqual([shared.id]);
  });

  it('keeps the owner of every share from the memory itself, whatever wrote the share', async () => {
    const owner = await createUser(test.db, 'jake');
    const reader = await createUser(test.db, 'rom');
    const memory = await store.memories.create(owner.id, { text: 'Baseball on the holosuite' });
    // Written below the service, naming the reader as the owner: the trigger
    // of migration 0018 puts the memory's owner there all the same.
    await test.db.sql.query(
      `INSERT INTO memory_shares (id, memory_id, user_id, owner_id)
       VALUES (gen_random_uuid(), $1, $2, $2)`,
      [memory.id, reader.id],
    );
    const rows = await test.db.sql.query<{ owner_id: string }>(
      'SELECT owner_id FROM memory_shares WHERE memory_id = $1',
      [memory.id],
    );
    expect(rows).toEqual([{ owner_id: owner.id }]);
  });

  it('prefers recent memories when asked', async () => {
    const clock = manualClock();
    const timed = await createTestStore(test.db, { embedder: store.embedder, now: clock.now });
    const user = await createUser(test.db, 'mover');
    const old = await timed.memories.create(user.id, { text: 'I live in Lisbon.' });
    clock.advance(365 * 86_400_000);
    const recent = await timed.memories.create(user.id, { text: 'I live in Berlin.' });
    const hits = await timed.search.search(user.id, {
      query: 'Which city do I live in?',
      prefer: 'recent',
    });
    expect(ids(hits)).toEqual([recent.id, old.id]);
  });

  it('embeds a repeated query once (a bounded cache of query vectors)', async () => {
    let embedded = 0;
    const counting: Embedder = {
      model: store.embedder.model,
      dimensions: store.embedder.dimensions,
      defaultMinSimilarity: store.embedder.defaultMinSimilarity,
      embed: (texts) => {
        embedded += texts.length;
        return store.embedder.embed(texts);
      },
    };
    const counted = await createTestStore(test.db, { embedder: counting });
    const user = await createUser(test.db, 'repeat');
    for (let i = 0; i < 3; i += 1) await counted.search.search(user.id, { query: 'same question' });
    expect(embedded).toBe(1);
  });

  it('refuses an unknown mode and prefer with a precise message', async () => {
    const user = await createUser(test.db, 'strict');
    await expect(
      store.search.search(user.id, { query: 'x', mode: 'fuzzy' as never }),
    ).rejects.toThrow('mode must be "hybrid", "vector" or "keyword"');
    await expect(
      store.search.search(user.id, { query: 'x', prefer: 'old' as never }),
    ).rejects.toThrow('prefer must be "recent"');
  });
});

describe('building the keyword index of older memories', () => {
  it('indexes memories without an entry at start-up', async () => {
    const user = await createUser(test.db, 'old');
    const memory = await store.memories.create(user.id, { text: 'Quillfeather the parrot' });
    await test.db.sql.query(
      `UPDATE memories SET keyword_hashes = '{}', keyword_freqs = '{}', keyword_length = 0,
              keyword_key_id = NULL WHERE id = $1`,
      [memory.id],
    );
    expect(await store.search.search(user.id, { query: 'Quillfeather', mode: 'keyword' })).toEqual(
      [],
    );
    const stop = startBackgroundJobs({
      db: test.db,
      embeddings: store.embeddings,
      keywordIndex: store.keywordIndex,
      logger: createLogger('silent', 'test'),
      retryIntervalMs: 60_000,
      purgeGraceMs: 0,
    });
    await stop();
    const hits = await store.search.search(user.id, { query: 'Quillfeather', mode: 'keyword' });
    expect(ids(hits)).toEqual([memory.id]);
  });

  it('re-keys the index when the encryption key rotates, and finds memories meanwhile', async () => {
    const user = await createUser(test.db, 'rotating');
    const memory = await store.memories.create(user.id, { text: 'Gwendolyn owns the red kayak' });
    const [before] = await test.db.sql.query<{ hashes: string[]; key: string }>(
      'SELECT keyword_hashes AS hashes, keyword_key_id AS key FROM memories WHERE id = $1',
      [memory.id],
    );
    const oldKey = testSecretsEnv().MEMORY_ENCRYPTION_KEY!;
    const rotated = await createTestStore(test.db, {
      embedder: store.embedder,
      env: {
        MEMORY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        MEMORY_ENCRYPTION_PREVIOUS_KEYS: oldKey,
      },
    });
    // Before re-keying, the query is hashed under the retired key too.
    const meanwhile = await rotated.search.search(user.id, { query: 'Gwendolyn', mode: 'keyword' });
    expect(ids(meanwhile)).toEqual([memory.id]);

    expect(await rotated.keywordIndex.countPending()).toBeGreaterThan(0);
    await rotated.keywordIndex.indexAll();
    expect(await rotated.keywordIndex.countPending()).toBe(0);
    const [after] = await test.db.sql.query<{ hashes: string[]; key: string }>(
      'SELECT keyword_hashes AS hashes, keyword_key_id AS key FROM memories WHERE id = $1',
      [memory.id],
    );
    expect(after!.key).not.toBe(before!.key);
    expect(after!.hashes).toHaveLength(before!.hashes.length);
    for (const hash of after!.hashes) expect(before!.hashes).not.toContain(hash);
    const found = await rotated.search.search(user.id, { query: 'Gwendolyn', mode: 'keyword' });
    expect(ids(found)).toEqual([memory.id]);
  });
});
