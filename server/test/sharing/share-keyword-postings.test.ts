import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MemoryStore } from '../../src/memories/memory-store.js';
import { createTestStore, createUser, manualClock } from '../../../test/support/factories.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { testSecretsEnv } from '../../../test/support/test-config.js';

/**
 * What others shared with a reader is found by keyword from each share's
 * copy of its memory's postings, hashed under the reader's or the group's
 * key (migration 0024). These follow every change: sharing, withdrawing,
 * editing, membership, expiry, re-keying, and shares written before them.
 */

let test: TestDatabase;
let store: MemoryStore;
beforeAll(async () => {
  test = await createTestDatabase();
  store = await createTestStore(test.db);
});
afterAll(() => test.drop());

const sharedByKeyword = async (readerId: string, query: string, on = store) =>
  (await on.search.search(readerId, { query, scope: 'shared', mode: 'keyword' })).map(
    (hit) => hit.memory.id,
  );

const postingsOf = async (memoryId: string) =>
  (
    await test.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM share_keyword_postings WHERE memory_id = $1',
      [memoryId],
    )
  )[0]!.n;

describe("the shares' keyword postings", () => {
  it('come with a share and go with it', async () => {
    const owner = await createUser(test.db, 'kasidy');
    const reader = await createUser(test.db, 'benny');
    const memory = await store.memories.create(owner.id, {
      text: 'The freighter Xhosa docks at dawn',
    });
    expect(await postingsOf(memory.id)).toBe(0);
    await store.sharing.share(owner.id, memory.id, { users: [reader.username], groups: [] });
    expect(await postingsOf(memory.id)).toBeGreaterThan(0);
    expect(await sharedByKeyword(reader.id, 'freighter Xhosa')).toEqual([memory.id]);

    await store.sharing.share(owner.id, memory.id, { users: [], groups: [] });
    expect(await postingsOf(memory.id)).toBe(0);
    expect(await sharedByKeyword(reader.id, 'freighter Xhosa')).toEqual([]);
  });

  it("keep each principal's count and total length for BM25, a whole share at a time", async () => {
    const owner = await createUser(test.db, 'vash');
    const reader = await createUser(test.db, 'qstar');
    const statsOf = async (principalId: string) =>
      (
        await test.db.sql.query<{ n: number; len: number }>(
          `SELECT memory_count::int AS n, total_length::int AS len
             FROM share_keyword_stats WHERE principal_id = $1`,
          [principalId],
        )
      )[0] ?? { n: 0, len: 0 };
    const first = await store.memories.create(owner.id, {
      text: 'Artifacts from the Gamma Quadrant',
    });
    const second = await store.memories.create(owner.id, { text: 'Risa is pleasant in spring' });
    for (const memory of [first, second]) {
      await store.sharing.share(owner.id, memory.id, { users: [reader.username], groups: [] });
    }
    const lengthOf = async (id: string) =>
      (
        await test.db.sql.query<{ len: number }>(
          'SELECT keyword_length AS len FROM memories WHERE id = $1',
          [id],
        )
      )[0]!.len;
    expect(await statsOf(reader.id)).toEqual({
      n: 2,
      len: (await lengthOf(first.id)) + (await lengthOf(second.id)),
    });

    // An edit re-hashes the share: still counted once, with the new length.
    await store.memories.update(owner.id, first.id, { text: 'Artifacts' });
    expect(await statsOf(reader.id)).toEqual({
      n: 2,
      len: (await lengthOf(first.id)) + (await lengthOf(second.id)),
    });

    // Withdrawn (the share's postings go by the foreign key) and deleted.
    await store.sharing.share(owner.id, first.id, { users: [], groups: [] });
    expect((await statsOf(reader.id)).n).toBe(1);
    await store.memories.delete(owner.id, second.id);
    expect(await statsOf(reader.id)).toEqual({ n: 0, len: 0 });
  });

  it('keep the shares that stay when the sharing changes, and add the new ones', async () => {
    const owner = await createUser(test.db, 'leeta');
    const first = await createUser(test.db, 'rom2');
    const second = await createUser(test.db, 'nog2');
    const memory = await store.memories.create(owner.id, { text: 'Dabo girls get Tuesdays off' });
    await store.sharing.share(owner.id, memory.id, { users: [first.username], groups: [] });
    await store.sharing.share(owner.id, memory.id, {
      users: [first.username, second.username],
      groups: [],
    });
    expect(await sharedByKeyword(first.id, 'Dabo Tuesdays')).toEqual([memory.id]);
    expect(await sharedByKeyword(second.id, 'Dabo Tuesdays')).toEqual([memory.id]);
    await store.sharing.share(owner.id, memory.id, { users: [second.username], groups: [] });
    expect(await sharedByKeyword(first.id, 'Dabo Tuesdays')).toEqual([]);
    expect(await sharedByKeyword(second.id, 'Dabo Tuesdays')).toEqual([memory.id]);
  });

  it('follow an edit: the new words are found, the old ones no longer', async () => {
    const owner = await createUser(test.db, 'ziyal');
    const reader = await createUser(test.db, 'dukat');
    const memory = await store.memories.create(owner.id, { text: 'Sketches of the Bajoran moons' });
    await store.sharing.share(owner.id, memory.id, { users: [reader.username], groups: [] });
    await store.memories.update(owner.id, memory.id, { text: 'Paintings of Cardassian deserts' });
    expect(await sharedByKeyword(reader.id, 'Bajoran moons sketches')).toEqual([]);
    expect(await sharedByKeyword(reader.id, 'Cardassian deserts')).toEqual([memory.id]);
  });

  it("reach a group's members at read time, and each memory once", async () => {
    const owner = await createUser(test.db, 'sisko');
    const member = await createUser(test.db, 'dax');
    const later = await createUser(test.db, 'bashir');
    const { groups } = await store.groups.run(owner.id, {
      action: 'create',
      name: 'ops',
      members: [member.username],
    });
    const ops = groups.find((group) => group.name === 'ops')!;
    const memory = await store.memories.create(owner.id, {
      text: 'Runabout Rio Grande needs a refit',
    });
    // Shared both through the group and directly with the member.
    await store.sharing.share(owner.id, memory.id, { users: [member.username], groups: [ops.id] });
    const hits = await store.search.search(member.id, {
      query: 'runabout refit',
      scope: 'shared',
      mode: 'keyword',
    });
    expect(hits.map((hit) => hit.memory.id)).toEqual([memory.id]);
    expect(hits[0]!.keyword.matchedTerms).toBe(2);

    expect(await sharedByKeyword(later.id, 'runabout refit')).toEqual([]);
    await store.groups.run(owner.id, {
      action: 'add_members',
      groupId: ops.id,
      members: [later.username],
    });
    expect(await sharedByKeyword(later.id, 'runabout refit')).toEqual([memory.id]);
    await store.groups.run(later.id, { action: 'leave', groupId: ops.id });
    expect(await sharedByKeyword(later.id, 'runabout refit')).toEqual([]);
  });

  it("leave the reader's own memories to their own index", async () => {
    const owner = await createUser(test.db, 'kira2');
    const other = await createUser(test.db, 'odo2');
    const { groups } = await store.groups.run(owner.id, {
      action: 'create',
      name: 'militia',
      members: [other.username],
    });
    const militia = groups.find((group) => group.name === 'militia')!;
    const memory = await store.memories.create(owner.id, {
      text: 'Springball court on the promenade',
    });
    await store.sharing.share(owner.id, memory.id, { users: [], groups: [militia.id] });
    // The owner is in the group too: their own memory is not "shared with" them.
    expect(await sharedByKeyword(owner.id, 'springball')).toEqual([]);
    const all = await store.search.search(owner.id, {
      query: 'springball',
      scope: 'all',
      mode: 'keyword',
    });
    expect(all.map((hit) => hit.memory.id)).toEqual([memory.id]);
  });

  it("carry the memory's expiry, supersede mark and permission as they change", async () => {
    const clock = manualClock();
    const timed = await createTestStore(test.db, { embedder: store.embedder, now: clock.now });
    const owner = await createUser(test.db, 'garak2');
    const reader = await createUser(test.db, 'bashir2');
    const memory = await timed.memories.create(owner.id, {
      text: 'Tailoring appointments on Thursdays',
    });
    await timed.sharing.share(owner.id, memory.id, { users: [reader.username], groups: [] });
    const expiresAt = new Date(clock.now().getTime() + 3_600_000);
    await timed.memories.update(owner.id, memory.id, { expiresAt: expiresAt.toISOString() });
    const rows = await test.db.sql.query<{ expires_at: Date; permission: string }>(
      'SELECT DISTINCT expires_at, permission FROM share_keyword_postings WHERE memory_id = $1',
      [memory.id],
    );
    expect(rows).toEqual([{ expires_at: expiresAt, permission: 'shared' }]);
    expect(await sharedByKeyword(reader.id, 'tailoring', timed)).toEqual([memory.id]);
    // Made private, the sharing list is kept unused; shared again, it applies again.
    const permissionOfPostings = async () =>
      (
        await test.db.sql.query<{ permission: string }>(
          'SELECT DISTINCT permission FROM share_keyword_postings WHERE memory_id = $1',
          [memory.id],
        )
      ).map((row) => row.permission);
    await timed.memories.setPermission(owner.id, memory.id, 'private');
    expect(await permissionOfPostings()).toEqual(['private']);
    expect(await sharedByKeyword(reader.id, 'tailoring', timed)).toEqual([]);
    await timed.memories.setPermission(owner.id, memory.id, 'shared');
    expect(await permissionOfPostings()).toEqual(['shared']);
    expect(await sharedByKeyword(reader.id, 'tailoring', timed)).toEqual([memory.id]);
    clock.advance(2 * 3_600_000);
    expect(await sharedByKeyword(reader.id, 'tailoring', timed)).toEqual([]);
  });

  it('are written for shares that have none, at start-up', async () => {
    const owner = await createUser(test.db, 'quark3');
    const reader = await createUser(test.db, 'brunt');
    const memory = await store.memories.create(owner.id, {
      text: 'Latinum ledger behind the replicator',
      permission: 'shared',
    });
    // Written below the service, as shares made before migration 0024 are.
    await test.db.sql.query(
      'INSERT INTO memory_shares (id, memory_id, user_id) VALUES (gen_random_uuid(), $1, $2)',
      [memory.id, reader.id],
    );
    expect(await sharedByKeyword(reader.id, 'latinum ledger')).toEqual([]);
    expect(await store.shareKeywords.countPending()).toBeGreaterThan(0);
    await store.keywordIndex.indexAll();
    expect(await store.shareKeywords.countPending()).toBe(0);
    expect(await sharedByKeyword(reader.id, 'latinum ledger')).toEqual([memory.id]);
  });

  it('are hashed again under a new key, and found under the old one meanwhile', async () => {
    const owner = await createUser(test.db, 'martok');
    const reader = await createUser(test.db, 'worf3');
    const memory = await store.memories.create(owner.id, {
      text: 'Bloodwine casks in the mess hall',
    });
    await store.sharing.share(owner.id, memory.id, { users: [reader.username], groups: [] });
    const [{ before }] = (await test.db.sql.query<{ before: string }>(
      'SELECT keyword_key_id AS before FROM memory_shares WHERE memory_id = $1',
      [memory.id],
    )) as [{ before: string }];
    const rotated = await createTestStore(test.db, {
      embedder: store.embedder,
      env: {
        MEMORY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        MEMORY_ENCRYPTION_PREVIOUS_KEYS: testSecretsEnv().MEMORY_ENCRYPTION_KEY!,
      },
    });
    expect(await sharedByKeyword(reader.id, 'bloodwine casks', rotated)).toEqual([memory.id]);
    await rotated.keywordIndex.indexAll();
    expect(await rotated.shareKeywords.countPending()).toBe(0);
    const keys = await test.db.sql.query<{ share: string; memory: string }>(
      `SELECT s.keyword_key_id AS share, m.keyword_key_id AS memory
         FROM memory_shares s JOIN memories m ON m.id = s.memory_id WHERE m.id = $1`,
      [memory.id],
    );
    expect(keys).toHaveLength(1);
    expect(keys[0]!.share).toBe(keys[0]!.memory);
    expect(keys[0]!.share).not.toBe(before);
    expect(await sharedByKeyword(reader.id, 'bloodwine casks', rotated)).toEqual([memory.id]);
  });
});
