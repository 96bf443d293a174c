import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyData, DATA_TABLES } from '../src/db/copy-data.js';
import { createDatabase, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { createTestStore, createUser } from '../../test/support/factories.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';

/** The embedded database moved into another (PostgreSQL in CI's PostgreSQL run). */
describe('copying the embedded database into an empty one', () => {
  let source: Database;
  let target: TestDatabase;
  beforeAll(async () => {
    source = await createDatabase({ kind: 'pglite', dir: 'memory://' });
    await migrate(source.sql);
    target = await createTestDatabase({ migrated: false });
  });
  afterAll(async () => {
    await source.close();
    await target.drop();
  });

  it('carries every row: accounts, encrypted memories with history and vectors, OAuth state', async () => {
    const before = await createTestStore(source);
    const user = await createUser(source, 'geordi');
    const memory = await before.memories.create(user.id, {
      text: 'The VISOR lets me see the whole electromagnetic spectrum',
      permission: 'public',
      tags: ['visor', 'engineering'],
      expiresAt: new Date('2031-05-01T00:00:00Z'),
    });
    await before.memories.update(user.id, memory.id, {
      text: 'My VISOR, and later ocular implants, show me the electromagnetic spectrum',
    });
    // A memory replaced by a later one: copied before its successor exists.
    const replaced = await before.memories.create(user.id, { text: 'Chief engineer since 2364' });
    const successor = await before.memories.create(user.id, {
      text: 'Chief engineer of the Enterprise-E',
      supersedes: [replaced.id],
    });
    await source.prisma.rememberedConsent.create({
      data: { accountId: user.id, clientId: 'picard-web', scope: 'openid', resources: {} },
    });
    await source.prisma.revokedGrant.create({
      data: { grantId: 'g1', expiresAt: new Date('2031-01-01T00:00:00Z') },
    });

    const copied = await copyData(source.sql, target.db.sql);
    expect(copied).toMatchObject({
      users: 1,
      memories: 3,
      memory_versions: 1,
      remembered_consents: 1,
      revoked_grants: 1,
    });

    // The target reads it back through the real store, with the same encryption key.
    const after = await createTestStore(target.db);
    const read = await after.memories.get(user.id, memory.id);
    expect(read).toMatchObject({
      text: 'My VISOR, and later ocular implants, show me the electromagnetic spectrum',
      permission: 'public',
      tags: ['visor', 'engineering'],
      version: 2,
    });
    expect(read.expiresAt?.toISOString()).toBe('2031-05-01T00:00:00.000Z');
    const history = await after.memories.history(user.id, memory.id);
    expect(history.map((version) => version.text)).toEqual([
      'The VISOR lets me see the whole electromagnetic spectrum',
    ]);
    const hits = await after.search.search(user.id, { query: 'ocular implants', limit: 5 });
    expect(hits[0]!.memory.id).toBe(memory.id);
    expect((await after.memories.get(user.id, replaced.id)).supersededBy).toBe(successor.id);
    // The keyword index came along, hashed under the same key.
    const byWord = await after.search.search(user.id, { query: 'VISOR', mode: 'keyword' });
    expect(byWord.map((hit) => hit.memory.id)).toEqual([memory.id]);
  });

  it('refuses a target that already has data, and changes nothing', async () => {
    const counts = async () =>
      Promise.all(
        DATA_TABLES.map(async (table) => {
          const [row] = await target.db.sql.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM "${table}"`,
          );
          return row!.n;
        }),
      );
    const before = await counts();
    await expect(copyData(source.sql, target.db.sql)).rejects.toThrow(
      'the target already has data in users; copy into an empty database',
    );
    expect(await counts()).toEqual(before);
  });
});
