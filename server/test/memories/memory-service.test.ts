import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  IdempotencyKeyReusedError,
  NotFoundError,
  ValidationError,
} from '../../src/errors/domain-errors.js';
import type { MemoryStore } from '../../src/memories/memory-store.js';
import { purgeExpired } from '../../src/memories/purge.js';
import { createTestStore, createUser, manualClock } from '../../../test/support/factories.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';

let test: TestDatabase;
let store: MemoryStore;
const clock = manualClock();
const HOUR = 3_600_000;

beforeAll(async () => {
  test = await createTestDatabase();
  store = await createTestStore(test.db, { now: clock.now });
});
afterAll(() => test.drop());

async function users() {
  return [await createUser(test.db, 'alice'), await createUser(test.db, 'bob')] as const;
}

const countRows = async () => ({
  memories: await test.db.prisma.memory.count(),
  versions: await test.db.prisma.memoryVersion.count(),
});

describe('create and get', () => {
  it('creates a private memory by default and returns it decrypted', async () => {
    const [alice] = await users();
    const memory = await store.memories.create(alice.id, {
      text: '  I prefer tea to coffee.  ',
      tags: ['food', 'food'],
    });
    expect(memory).toMatchObject({
      ownerId: alice.id,
      text: 'I prefer tea to coffee.',
      permission: 'private',
      tags: ['food'],
      expiresAt: null,
      version: 1,
      embeddingPending: false,
    });
    expect(memory.id).toMatch(/^[0-9a-f-]{36}$/);
    const { duplicates, contradictions, skipped, ...stored } = memory;
    expect({ duplicates, contradictions, skipped }).toEqual({
      duplicates: [],
      contradictions: [],
      skipped: false,
    });
    expect(await store.memories.get(alice.id, memory.id)).toEqual(stored);
  });

  it('lets others read public memories, and treats private ones exactly like missing ones', async () => {
    const [alice, bob] = await users();
    const secret = await store.memories.create(alice.id, { text: 'My bank PIN hint is my cat.' });
    const open = await store.memories.create(alice.id, {
      text: 'I love sailing.',
      permission: 'public',
    });

    expect((await store.memories.get(bob.id, open.id)).text).toBe('I love sailing.');
    const privateError = await store.memories
      .get(bob.id, secret.id)
      .catch((error: unknown) => error);
    const missingError = await store.memories
      .get(bob.id, randomUUID())
      .catch((error: unknown) => error);
    expect(privateError).toBeInstanceOf(NotFoundError);
    expect(privateError).toEqual(missingError);
    expect((privateError as NotFoundError).message).toBe((missingError as NotFoundError).message);
  });

  it.each(['not-a-uuid', '', "1' OR '1'='1", '00000000-0000-0000-0000-00000000000g'])(
    'answers "not found" for the malformed id %j',
    async (id) => {
      const [alice] = await users();
      await expect(store.memories.get(alice.id, id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.memories.update(alice.id, id, { text: 'x' })).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(store.memories.delete(alice.id, id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.memories.history(alice.id, id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.memories.setPermission(alice.id, id, 'public')).rejects.toBeInstanceOf(
        NotFoundError,
      );
    },
  );
});

describe('writing a new memory', () => {
  it('writes its vector with the row, not in a second write', async () => {
    const [alice] = await users();
    // Counts every row rewrite of memories from here on (the test's own database).
    await test.db.sql.exec(`
      CREATE TABLE memory_rewrites (id uuid);
      CREATE FUNCTION count_memory_rewrites() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO memory_rewrites VALUES (NEW.id); RETURN NULL; END $$;
      CREATE TRIGGER count_memory_rewrites AFTER UPDATE ON memories
        FOR EACH ROW EXECUTE FUNCTION count_memory_rewrites();`);
    try {
      const memory = await store.memories.create(alice.id, { text: 'Earl Grey, hot' });
      expect(memory.embeddingPending).toBe(false);
      const [row] = await test.db.sql.query<{ model: string; vector: boolean }>(
        'SELECT embedding_model AS model, embedding IS NOT NULL AS vector FROM memories WHERE id = $1',
        [memory.id],
      );
      expect(row).toEqual({ model: store.embedder.model, vector: true });
      const rewrites = await test.db.sql.query('SELECT id FROM memory_rewrites WHERE id = $1', [
        memory.id,
      ]);
      expect(rewrites).toEqual([]);
    } finally {
      await test.db.sql.exec(`
        DROP TRIGGER count_memory_rewrites ON memories;
        DROP FUNCTION count_memory_rewrites();
        DROP TABLE memory_rewrites;`);
    }
  });
});

describe('idempotency keys', () => {
  it('are honoured for 24 hours, per user, and stored only as an HMAC of the input', async () => {
    const [alice, bob] = await users();
    const input = { text: 'Shields up', idempotencyKey: 'red-alert' };
    const first = await store.memories.create(alice.id, input);
    clock.advance(23 * HOUR);
    expect((await store.memories.create(alice.id, input)).id).toBe(first.id);
    await expect(
      store.memories.create(alice.id, { ...input, text: 'Shields down' }),
    ).rejects.toThrow(IdempotencyKeyReusedError);
    expect((await store.memories.create(bob.id, input)).id).not.toBe(first.id);
    const [row] = await test.db.sql.query<{ idempotency_fingerprint: string }>(
      'SELECT idempotency_fingerprint FROM memories WHERE id = $1',
      [first.id],
    );
    expect(row!.idempotency_fingerprint).not.toContain('Shields');

    // A day later the key is free again: a new create, even with another text.
    clock.advance(2 * HOUR);
    const later = await store.memories.create(alice.id, { ...input, text: 'Shields down' });
    expect(later.id).not.toBe(first.id);
    // …and now names that create.
    await expect(store.memories.create(alice.id, input)).rejects.toThrow(IdempotencyKeyReusedError);
  });
});

describe('bad input is refused and writes nothing', () => {
  it.each([
    ['empty text', { text: '' }, 'text must not be empty'],
    ['whitespace text', { text: ' \n\t ' }, 'text must not be empty'],
    ['missing text', {}, 'text is required'],
    [
      'text over 10,000 characters',
      { text: 'a'.repeat(10_001) },
      'text must be at most 10000 characters',
    ],
    [
      'unknown permission',
      { text: 'x', permission: 'friends' },
      'permission must be "private", "public" or "shared"',
    ],
    [
      '21 tags',
      { text: 'x', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
      'at most 20 tags',
    ],
    [
      'a tag over 50 characters',
      { text: 'x', tags: ['a'.repeat(51)] },
      'each tag must be at most 50 characters',
    ],
    ['an empty tag', { text: 'x', tags: [' '] }, 'tags must not be empty'],
    [
      'expiresAt in the past',
      { text: 'x', expiresAt: new Date('2029-12-31T00:00:00Z') },
      'expiresAt must be in the future',
    ],
    ['expiresAt not a date', { text: 'x', expiresAt: 'soon' }, 'must be a date-time'],
  ])('create: %s', async (_case, input, message) => {
    const [alice] = await users();
    const before = await countRows();
    const error = await store.memories.create(alice.id, input as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain(message);
    expect(await countRows()).toEqual(before);
  });

  it('accepts exactly 10,000 characters, 20 tags and 50-character tags', async () => {
    const [alice] = await users();
    const tags = Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(50, 'x'));
    const memory = await store.memories.create(alice.id, { text: 'a'.repeat(10_000), tags });
    expect(memory.tags).toHaveLength(20);
  });

  it.each([
    ['nothing to change', {}, 'nothing to update'],
    ['empty text', { text: '   ' }, 'text must not be empty'],
    [
      'expiresAt in the past',
      { expiresAt: new Date('2000-01-01T00:00:00Z') },
      'expiresAt must be in the future',
    ],
  ])('update: %s', async (_case, input, message) => {
    const [alice] = await users();
    const memory = await store.memories.create(alice.id, { text: 'original' });
    const before = await countRows();
    await expect(store.memories.update(alice.id, memory.id, input)).rejects.toThrow(message);
    expect(await countRows()).toEqual(before);
    expect((await store.memories.get(alice.id, memory.id)).text).toBe('original');
  });

  it('setPermission refuses an unknown permission', async () => {
    const [alice] = await users();
    const memory = await store.memories.create(alice.id, { text: 'x' });
    await expect(
      store.memories.setPermission(alice.id, memory.id, 'everyone' as never),
    ).rejects.toThrow(ValidationError);
  });
});

describe('update, permission, history and delete', () => {
  it('keeps each previous version, newest first', async () => {
    const [alice] = await users();
    const first = await store.memories.create(alice.id, {
      text: 'I live in Paris.',
      tags: ['home'],
    });
    clock.advance(1_000);
    const second = await store.memories.update(alice.id, first.id, { text: 'I live in Lyon.' });
    clock.advance(1_000);
    const third = await store.memories.setPermission(alice.id, first.id, 'public');
    const fourth = await store.memories.update(alice.id, first.id, { tags: ['home', 'city'] });

    expect(second).toMatchObject({ text: 'I live in Lyon.', version: 2, embeddingPending: false });
    expect(third).toMatchObject({ permission: 'public', version: 3 });
    expect(fourth).toMatchObject({ text: 'I live in Lyon.', tags: ['home', 'city'], version: 4 });

    const history = await store.memories.history(alice.id, first.id);
    expect(history.map((v) => [v.version, v.text, v.permission, v.tags])).toEqual([
      [3, 'I live in Lyon.', 'public', ['home']],
      [2, 'I live in Lyon.', 'private', ['home']],
      [1, 'I live in Paris.', 'private', ['home']],
    ]);
  });

  it.each([
    ['the same text', { text: 'I live in Paris.' }],
    ['the same text with spaces around it', { text: '  I live in Paris.  ' }],
    ['the same tags', { tags: ['home'] }],
    ['the same tags, repeated', { tags: ['home', 'home'] }],
    ['no expiry on a memory without one', { expiresAt: null }],
    ['all of it at once', { text: 'I live in Paris.', tags: ['home'], expiresAt: null }],
  ])('an edit that changes nothing adds no version: %s', async (_case, input) => {
    const [alice] = await users();
    const memory = await store.memories.create(alice.id, {
      text: 'I live in Paris.',
      tags: ['home'],
    });
    const same = await store.memories.update(alice.id, memory.id, input);
    const { duplicates, contradictions, skipped, ...stored } = memory;
    expect({ duplicates, contradictions, skipped }).toEqual({
      duplicates: [],
      contradictions: [],
      skipped: false,
    });
    expect(same).toEqual({ ...stored, duplicates: [], contradictions: [] });
    expect(await store.memories.history(alice.id, memory.id)).toEqual([]);
    // A real change still makes one.
    const changed = await store.memories.update(alice.id, memory.id, { tags: ['home', 'city'] });
    expect(changed.version).toBe(2);
    expect(await store.memories.history(alice.id, memory.id)).toHaveLength(1);
  });

  it('an expiry set to the same instant, written another way, adds no version', async () => {
    const [alice] = await users();
    const at = new Date(clock.now().getTime() + 86_400_000);
    const memory = await store.memories.create(alice.id, { text: 'x', expiresAt: at });
    const offset = at.toISOString().replace('Z', '+00:00');
    await store.memories.update(alice.id, memory.id, { expiresAt: offset });
    expect(await store.memories.history(alice.id, memory.id)).toEqual([]);
  });

  it('lets only the owner change, delete or see the history of a memory, public or not', async () => {
    const [alice, bob] = await users();
    const memory = await store.memories.create(alice.id, {
      text: 'Public note',
      permission: 'public',
    });
    await expect(store.memories.update(bob.id, memory.id, { text: 'hijacked' })).rejects.toThrow(
      NotFoundError,
    );
    await expect(store.memories.setPermission(bob.id, memory.id, 'private')).rejects.toThrow(
      NotFoundError,
    );
    await expect(store.memories.delete(bob.id, memory.id)).rejects.toThrow(NotFoundError);
    await expect(store.memories.history(bob.id, memory.id)).rejects.toThrow(NotFoundError);
    expect(await store.memories.get(alice.id, memory.id)).toMatchObject({
      text: 'Public note',
      version: 1,
    });
  });

  it('deletes a memory and its history', async () => {
    const [alice] = await users();
    const memory = await store.memories.create(alice.id, { text: 'to forget' });
    await store.memories.update(alice.id, memory.id, { text: 'to forget, edited' });
    await store.memories.delete(alice.id, memory.id);
    await expect(store.memories.get(alice.id, memory.id)).rejects.toThrow(NotFoundError);
    expect(await test.db.prisma.memoryVersion.count({ where: { memoryId: memory.id } })).toBe(0);
  });
});

describe('list', () => {
  it('pages through own memories newest first with a cursor', async () => {
    const [alice, bob] = await users();
    const created = [];
    for (let i = 0; i < 5; i += 1) {
      clock.advance(1_000);
      created.push(await store.memories.create(alice.id, { text: `memory ${i}` }));
    }
    await store.memories.create(bob.id, { text: 'not alice’s', permission: 'public' });

    const first = await store.memories.list(alice.id, { limit: 2 });
    expect(first.items.map((m) => m.text)).toEqual(['memory 4', 'memory 3']);
    const second = await store.memories.list(alice.id, { limit: 2, cursor: first.nextCursor });
    expect(second.items.map((m) => m.text)).toEqual(['memory 2', 'memory 1']);
    const third = await store.memories.list(alice.id, { limit: 2, cursor: second.nextCursor });
    expect(third.items.map((m) => m.text)).toEqual(['memory 0']);
    expect(third.nextCursor).toBeUndefined();
  });

  it('filters by permission, tag and creation time', async () => {
    const [alice] = await users();
    clock.advance(HOUR);
    const start = clock.now();
    await store.memories.create(alice.id, { text: 'a', permission: 'public', tags: ['x'] });
    clock.advance(HOUR);
    const middle = clock.now();
    await store.memories.create(alice.id, { text: 'b', tags: ['y'] });
    clock.advance(HOUR);
    await store.memories.create(alice.id, { text: 'c', permission: 'public', tags: ['y'] });

    const texts = async (input: object) =>
      (await store.memories.list(alice.id, input)).items.map((m) => m.text);
    expect(await texts({ permission: 'public' })).toEqual(['c', 'a']);
    expect(await texts({ tag: 'y' })).toEqual(['c', 'b']);
    expect(await texts({ createdAfter: middle })).toEqual(['c', 'b']);
    expect(await texts({ createdAfter: start, createdBefore: middle })).toEqual(['a']);
  });

  it.each([
    [{ limit: 0 }, 'limit must be between 1 and 100'],
    [{ limit: 101 }, 'limit must be between 1 and 100'],
    [{ cursor: 'garbage' }, 'cursor is not one this server handed out'],
    [{ permission: 'secret' }, 'permission must be "private", "public" or "shared"'],
  ])('refuses %j', async (input, message) => {
    const [alice] = await users();
    await expect(store.memories.list(alice.id, input as never)).rejects.toThrow(message);
  });
});

describe('expiry', () => {
  it('hides expired memories from every read path, then purges them after the grace period', async () => {
    const [alice, bob] = await users();
    const memory = await store.memories.create(alice.id, {
      text: 'Temporary door code 4711',
      permission: 'public',
      tags: ['temp'],
      expiresAt: new Date(clock.now().getTime() + HOUR),
    });
    expect((await store.memories.get(bob.id, memory.id)).text).toBe('Temporary door code 4711');

    clock.advance(HOUR);
    await expect(store.memories.get(alice.id, memory.id)).rejects.toThrow(NotFoundError);
    await expect(store.memories.get(bob.id, memory.id)).rejects.toThrow(NotFoundError);
    expect((await store.memories.list(alice.id, { tag: 'temp' })).items).toEqual([]);
    await expect(store.memories.update(alice.id, memory.id, { text: 'x' })).rejects.toThrow(
      NotFoundError,
    );
    await expect(store.memories.history(alice.id, memory.id)).rejects.toThrow(NotFoundError);
    const found = await store.search.search(alice.id, { query: 'door code', minSimilarity: -1 });
    expect(found.map((hit) => hit.memory.id)).not.toContain(memory.id);

    // Within the grace period it is still stored; after it, it is gone.
    expect(await purgeExpired(test.db, { graceMs: 24 * HOUR, now: clock.now() })).toBe(0);
    clock.advance(24 * HOUR + 1);
    expect(
      await purgeExpired(test.db, { graceMs: 24 * HOUR, now: clock.now() }),
    ).toBeGreaterThanOrEqual(1);
    expect(await test.db.prisma.memory.findUnique({ where: { id: memory.id } })).toBeNull();
  });
});
