import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EncryptionKeyError, keyIdOf } from '../../src/memories/text-cipher.js';
import type { MemoryStore } from '../../src/memories/memory-store.js';
import { createTestStore, createUser } from '../../../test/support/factories.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';

let test: TestDatabase;
let store: MemoryStore;
const key = randomBytes(32).toString('base64');

beforeAll(async () => {
  test = await createTestDatabase();
  store = await createTestStore(test.db, { env: { MEMORY_ENCRYPTION_KEY: key } });
});
afterAll(() => test.drop());

/** Every column of every row of `table`, as PostgreSQL prints it. */
async function rawDump(table: string): Promise<string> {
  const rows = await test.db.sql.query<{ row: string }>(`SELECT t::text AS row FROM ${table} t`);
  return rows.map((r) => r.row).join('\n');
}

describe('memory text at rest', () => {
  it('is never stored in plaintext, in memories or in their history', async () => {
    const alice = await createUser(test.db, 'alice');
    const first = 'My grandmother’s maiden name is Oyelaran-Whitfield';
    const second = 'The spare key is under the blue flowerpot by the shed';
    const memory = await store.memories.create(alice.id, { text: first, tags: ['family'] });
    await store.memories.update(alice.id, memory.id, { text: second });

    const dump = (await rawDump('memories')) + (await rawDump('memory_versions'));
    expect(dump).toContain(memory.id);
    for (const fragment of ['Oyelaran', 'maiden', 'flowerpot', 'spare key']) {
      expect(dump).not.toContain(fragment);
      expect(dump).not.toContain(Buffer.from(fragment).toString('hex'));
    }
    const [row] = await test.db.sql.query<{ key_id: string; text_ciphertext: Uint8Array }>(
      'SELECT key_id, text_ciphertext FROM memories WHERE id = $1',
      [memory.id],
    );
    expect(row!.key_id).toBe(keyIdOf(Buffer.from(key, 'base64')));
    // iv (12) + tag (16) + as many bytes as the text.
    expect(row!.text_ciphertext.length).toBe(12 + 16 + Buffer.byteLength(second));
  });

  it('uses a fresh IV for every write of the same text', async () => {
    const alice = await createUser(test.db, 'alice');
    const a = await store.memories.create(alice.id, { text: 'same words' });
    const b = await store.memories.create(alice.id, { text: 'same words' });
    const rows = await test.db.sql.query<{ text_ciphertext: Uint8Array }>(
      'SELECT text_ciphertext FROM memories WHERE id = ANY($1::uuid[])',
      [[a.id, b.id]],
    );
    const [ivA, ivB] = rows.map((r) =>
      Buffer.from(r.text_ciphertext).subarray(0, 12).toString('hex'),
    );
    expect(ivA).not.toBe(ivB);
  });

  it('fails loudly with a wrong key instead of returning garbage', async () => {
    const alice = await createUser(test.db, 'alice');
    const memory = await store.memories.create(alice.id, {
      text: 'readable only with the right key',
    });
    const wrong = await createTestStore(test.db, {
      env: { MEMORY_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
    });
    await expect(wrong.memories.get(alice.id, memory.id)).rejects.toThrow(EncryptionKeyError);
    await expect(wrong.memories.get(alice.id, memory.id)).rejects.toThrow(/not configured/);
  });

  it('detects a ciphertext moved to another row or altered', async () => {
    const alice = await createUser(test.db, 'alice');
    const a = await store.memories.create(alice.id, { text: 'first' });
    const b = await store.memories.create(alice.id, { text: 'second' });
    await test.db.sql.query(
      'UPDATE memories SET text_ciphertext = (SELECT text_ciphertext FROM memories WHERE id = $1) WHERE id = $2',
      [a.id, b.id],
    );
    await expect(store.memories.get(alice.id, b.id)).rejects.toThrow(/failed authentication/);
  });

  it('recognises, after a rotation, what was fingerprinted before it: imports and idempotency keys', async () => {
    const alice = await createUser(test.db, 'alice');
    const file = 'Alpha: the first note\n\nBeta: the second note\n';
    const first = await store.imports.importFile(alice.id, { content: file, format: 'text' });
    expect(first.imported).toBe(2);
    const created = await store.memories.create(alice.id, {
      text: 'sent once, retried after the rotation',
      idempotencyKey: 'retry-1',
    });
    const rotated = await createTestStore(test.db, {
      embedder: store.embedder,
      env: {
        MEMORY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        MEMORY_ENCRYPTION_PREVIOUS_KEYS: key,
      },
    });
    const again = await rotated.imports.importFile(alice.id, { content: file, format: 'text' });
    expect(again.imported).toBe(0);
    expect(again.skipped.map((line) => line.reason)).toEqual([
      'already imported',
      'already imported',
    ]);
    const retried = await rotated.memories.create(alice.id, {
      text: 'sent once, retried after the rotation',
      idempotencyKey: 'retry-1',
    });
    expect(retried.id).toBe(created.id);
    // A different input under the same key is still refused.
    await expect(
      rotated.memories.create(alice.id, { text: 'something else', idempotencyKey: 'retry-1' }),
    ).rejects.toThrow(/Idempotency/i);
  });

  it('reads memories written with a retired key after rotation, and writes with the new one', async () => {
    const alice = await createUser(test.db, 'alice');
    const old = await store.memories.create(alice.id, { text: 'written before rotation' });
    const newKey = randomBytes(32).toString('base64');
    const rotated = await createTestStore(test.db, {
      env: { MEMORY_ENCRYPTION_KEY: newKey, MEMORY_ENCRYPTION_PREVIOUS_KEYS: key },
    });
    expect((await rotated.memories.get(alice.id, old.id)).text).toBe('written before rotation');
    const edited = await rotated.memories.update(alice.id, old.id, {
      text: 'written after rotation',
    });
    const [row] = await test.db.sql.query<{ key_id: string }>(
      'SELECT key_id FROM memories WHERE id = $1',
      [edited.id],
    );
    expect(row!.key_id).toBe(keyIdOf(Buffer.from(newKey, 'base64')));
    // History written under the old key stays readable too.
    expect((await rotated.memories.history(alice.id, old.id))[0]!.text).toBe(
      'written before rotation',
    );
  });
});
