import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ValidationError } from '../../src/errors/domain-errors.js';
import type { MemoryStore } from '../../src/memories/memory-store.js';
import { FIXTURE_MEMORIES, NEAR_DUPLICATES } from '../../../test/fixtures/hybrid-retrieval.js';
import { createTestStore, createUser } from '../../../test/support/factories.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';

let test: TestDatabase;
let store: MemoryStore;
beforeAll(async () => {
  test = await createTestDatabase();
  store = await createTestStore(test.db);
});
afterAll(() => test.drop());

const textOf = (key: string) => FIXTURE_MEMORIES.find((item) => item.key === key)!.text;
const ids = (hits: { memory: { id: string } }[]) => hits.map((hit) => hit.memory.id);

/** A user with a handful of the fixture's memories. */
async function writer() {
  const user = await createUser(test.db, 'writer');
  const idOf = new Map<string, string>();
  for (const key of ['coffee', 'cat', 'locker', 'job', 'shoe']) {
    idOf.set(key, (await store.memories.create(user.id, { text: textOf(key) })).id);
  }
  return { user, idOf };
}

describe('near-duplicates on create', () => {
  it('returns the near-duplicates of a rewrite, and none for a new fact', async () => {
    const { user, idOf } = await writer();
    for (const rewrite of NEAR_DUPLICATES.filter((item) => idOf.has(item.key))) {
      const created = await store.memories.create(user.id, { text: rewrite.text });
      expect(created.skipped).toBe(false);
      expect(created.duplicates.map((duplicate) => duplicate.id)).toContain(idOf.get(rewrite.key));
      expect(created.duplicates[0]!.text).toBe(textOf(rewrite.key));
      expect(created.duplicates[0]!.similarity).toBeGreaterThanOrEqual(0.8);
      await store.memories.delete(user.id, created.id);
    }
    const fresh = await store.memories.create(user.id, { text: textOf('tattoo') });
    expect(fresh.duplicates).toEqual([]);
  });

  it('never reports another user’s memory as a duplicate', async () => {
    const { idOf } = await writer();
    const other = await createUser(test.db, 'other');
    const created = await store.memories.create(other.id, { text: textOf('coffee') });
    expect(created.duplicates.map((duplicate) => duplicate.id)).not.toContain(idOf.get('coffee'));
    expect(created.duplicates).toEqual([]);
  });

  it('onDuplicate "keep" (the default) stores it anyway', async () => {
    const { user } = await writer();
    const before = await test.db.prisma.memory.count({ where: { userId: user.id } });
    const created = await store.memories.create(user.id, {
      text: textOf('cat'),
      onDuplicate: 'keep',
    });
    expect(created.duplicates).toHaveLength(1);
    expect(await test.db.prisma.memory.count({ where: { userId: user.id } })).toBe(before + 1);
  });

  it('onDuplicate "skip" stores nothing and returns the closest existing memory', async () => {
    const { user, idOf } = await writer();
    const before = await test.db.prisma.memory.count({ where: { userId: user.id } });
    const skipped = await store.memories.create(user.id, {
      text: 'The dive equipment locker code is 7731.',
      onDuplicate: 'skip',
    });
    expect(skipped).toMatchObject({
      skipped: true,
      id: idOf.get('locker'),
      text: textOf('locker'),
    });
    expect(await test.db.prisma.memory.count({ where: { userId: user.id } })).toBe(before);
    // Nothing close: "skip" stores as usual.
    const stored = await store.memories.create(user.id, {
      text: 'I collect vintage postcards.',
      onDuplicate: 'skip',
    });
    expect(stored.skipped).toBe(false);
    expect(await test.db.prisma.memory.count({ where: { userId: user.id } })).toBe(before + 1);
  });

  it('onDuplicate "supersede" stores it and marks the near-duplicates as replaced by it', async () => {
    const { user, idOf } = await writer();
    const created = await store.memories.create(user.id, {
      text: 'I drink my coffee as a flat white made with oat milk.',
      onDuplicate: 'supersede',
    });
    const old = await store.memories.get(user.id, idOf.get('coffee')!);
    expect(old.supersededBy).toBe(created.id);
    const hits = await store.search.search(user.id, { query: 'How do you take your coffee?' });
    expect(ids(hits)).toContain(created.id);
    expect(ids(hits)).not.toContain(old.id);
  });
});

describe('near-duplicates on update', () => {
  it('reports the other memories an edited text nearly repeats, never the edited one itself', async () => {
    const { user, idOf } = await writer();
    const note = await store.memories.create(user.id, { text: textOf('tattoo') });
    const rewrite = NEAR_DUPLICATES.find((item) => item.key === 'coffee')!.text;

    const edited = await store.memories.update(user.id, note.id, { text: rewrite });
    expect(edited.text).toBe(rewrite);
    expect(edited.duplicates.map((duplicate) => duplicate.id)).toEqual([idOf.get('coffee')]);
    expect(edited.duplicates[0]!.text).toBe(textOf('coffee'));
    expect(edited.duplicates[0]!.similarity).toBeGreaterThanOrEqual(0.8);
    // A report only: the other memory is still current and nothing else changed.
    expect((await store.memories.get(user.id, idOf.get('coffee')!)).supersededBy).toBeNull();

    // Only new text is checked: a change of tags reports nothing.
    const retagged = await store.memories.update(user.id, note.id, { tags: ['drinks'] });
    expect(retagged.duplicates).toEqual([]);
  });

  it('leaves out what the edit supersedes', async () => {
    const { user, idOf } = await writer();
    const note = await store.memories.create(user.id, { text: textOf('tattoo') });
    const edited = await store.memories.update(user.id, note.id, {
      text: NEAR_DUPLICATES.find((item) => item.key === 'cat')!.text,
      supersedes: [idOf.get('cat')!],
    });
    expect(edited.duplicates).toEqual([]);
    expect((await store.memories.get(user.id, idOf.get('cat')!)).supersededBy).toBe(note.id);
  });
});

describe('memories that supersede others', () => {
  it('hides superseded memories from search and persona, keeps them readable with history and a successor link', async () => {
    const user = await createUser(test.db, 'mover');
    const lisbon = await store.memories.create(user.id, {
      text: 'I live in Lisbon.',
      permission: 'public',
    });
    await store.memories.update(user.id, lisbon.id, { text: 'I live in Lisbon, in Alfama.' });
    const berlin = await store.memories.create(user.id, {
      text: 'I moved to Berlin, Kreuzberg.',
      permission: 'public',
      supersedes: [lisbon.id],
    });

    const read = await store.memories.get(user.id, lisbon.id);
    expect(read).toMatchObject({ text: 'I live in Lisbon, in Alfama.', supersededBy: berlin.id });
    expect((await store.memories.history(user.id, lisbon.id))[0]!.text).toBe('I live in Lisbon.');

    const hits = await store.search.search(user.id, { query: 'Lisbon Alfama' });
    expect(ids(hits)).not.toContain(lisbon.id);
    const all = await store.search.search(user.id, {
      query: 'Lisbon Alfama',
      includeSuperseded: true,
    });
    expect(ids(all)[0]).toBe(lisbon.id);

    const asker = await createUser(test.db, 'asker');
    const answer = await store.persona.ask(asker.id, {
      username: user.username,
      question: 'Do you live in Lisbon, in Alfama?',
    });
    expect(answer.citations.map((citation) => citation.memory.id)).not.toContain(lisbon.id);
    expect(answer.answer).not.toContain('Alfama');
  });

  it('supersedes through an update, and shows others the link only to a successor they may read', async () => {
    const user = await createUser(test.db, 'editor');
    const old = await store.memories.create(user.id, {
      text: 'My favourite tea is Earl Grey.',
      permission: 'public',
    });
    const secret = await store.memories.create(user.id, { text: 'Now I only drink matcha.' });
    await store.memories.update(user.id, secret.id, { supersedes: [old.id] });
    expect((await store.memories.get(user.id, old.id)).supersededBy).toBe(secret.id);
    const other = await createUser(test.db, 'viewer');
    expect((await store.memories.get(other.id, old.id)).supersededBy).toBeNull();
    await store.memories.setPermission(user.id, secret.id, 'public');
    expect((await store.memories.get(other.id, old.id)).supersededBy).toBe(secret.id);
  });

  it('refuses to supersede a memory that is not the writer’s (exactly like a missing one), writing nothing', async () => {
    const [alice, bob] = [await createUser(test.db, 'alice'), await createUser(test.db, 'bob')];
    const bobs = await store.memories.create(bob.id, { text: 'Bob’s note' });
    const before = await test.db.prisma.memory.count();
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const target of [bobs.id, missing, 'not-a-uuid']) {
      await expect(
        store.memories.create(alice.id, { text: 'Alice’s note', supersedes: [target] }),
      ).rejects.toThrow(
        new ValidationError(
          'supersedes names a memory that does not exist or is not yours (or is this memory)',
        ),
      );
    }
    expect(await test.db.prisma.memory.count()).toBe(before);
    expect((await store.memories.get(bob.id, bobs.id)).supersededBy).toBeNull();
    const mine = await store.memories.create(alice.id, { text: 'Alice’s own' });
    await expect(
      store.memories.update(alice.id, mine.id, { supersedes: [mine.id] }),
    ).rejects.toThrow(ValidationError);
  });

  it('brings a superseded memory back when its successor is deleted', async () => {
    const user = await createUser(test.db, 'undo');
    const old = await store.memories.create(user.id, { text: 'Gym on Mondays.' });
    const next = await store.memories.create(user.id, {
      text: 'Gym on Tuesdays now.',
      supersedes: [old.id],
    });
    await store.memories.delete(user.id, next.id);
    expect((await store.memories.get(user.id, old.id)).supersededBy).toBeNull();
    expect(ids(await store.search.search(user.id, { query: 'gym' }))).toEqual([old.id]);
  });
});
