import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { copyData, DATA_TABLES, DERIVED_TABLES } from '../src/db/copy-data.js';
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

  it('copies every table that holds data, and knows every table there is', async () => {
    // What the first test left, plus a row in each table it did not touch.
    const owner = await createUser(source, 'worf');
    const reader = await createUser(source, 'alexander');
    const store = await createTestStore(source);
    const imported = await source.prisma.memoryImport.create({
      data: { id: randomUUID(), userId: owner.id, format: 'text', imported: 1, skipped: 0 },
    });
    const memory = await store.memories.create(owner.id, { text: 'Klingon opera on Tuesdays' });
    await source.prisma.memory.update({
      where: { id: memory.id },
      data: { importId: imported.id },
    });
    // A group holding the reader, and the memory shared with it.
    const { groups } = await store.groups.run(owner.id, {
      action: 'create',
      name: 'house-of-mogh',
      members: [reader.username],
    });
    const group = groups.find((candidate) => candidate.name === 'house-of-mogh')!;
    await store.sharing.share(owner.id, memory.id, { users: [], groups: [group.id] });
    await source.prisma.auditEntry.create({
      data: {
        userId: owner.id,
        clientId: 'picard-web',
        surface: 'api',
        action: 'memory.create',
        outcome: 'success',
      },
    });
    await source.prisma.accountSession.create({
      data: { id: 'session-hash', accountId: owner.id, expiresAt: new Date('2031-01-01') },
    });
    await source.prisma.passwordReset.create({
      data: { tokenHash: 'reset-hash', userId: owner.id, expiresAt: new Date('2031-01-01') },
    });
    await source.prisma.mcpSession.create({
      data: { id: 'mcp-session', userId: owner.id, clientId: 'c1', initializeParams: {} },
    });
    await source.prisma.invitation.create({
      data: { id: randomUUID(), tokenHash: 'invite-hash', expiresAt: new Date('2031-01-01') },
    });
    await source.prisma.oidcPayload.create({
      data: { id: 'client-1', type: 'Client', payload: { client_id: 'client-1' } },
    });
    await source.prisma.grantActivity.create({
      data: { grantId: 'g1', accountId: owner.id, clientId: 'c1', lastUsedAt: new Date() },
    });
    await source.prisma.clientActivity.create({
      data: { clientId: 'client-1', lastUsedAt: new Date() },
    });
    await source.prisma.preregisteredClient.create({ data: { clientId: 'client-1' } });
    await source.prisma.adminAuditEntry.create({
      data: { actorUsername: 'worf', surface: 'cli', action: 'invite.create' },
    });

    // Every table is copied, derived from what is copied, or the migrations' own.
    const tables = await source.sql.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    const known = new Set<string>([...DATA_TABLES, ...DERIVED_TABLES, '_prisma_migrations']);
    expect(tables.map((table) => table.name).filter((name) => !known.has(name))).toEqual([]);

    const fresh = await createTestDatabase({ migrated: false });
    try {
      const copied = await copyData(source.sql, fresh.db.sql);
      for (const table of DATA_TABLES) {
        const [row] = await source.sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "${table}"`,
        );
        expect([table, copied[table]]).toEqual([table, row!.n]);
        expect([table, row!.n]).not.toEqual([table, 0]);
      }
      // The share still reaches the reader on the target, through the real store.
      const after = await createTestStore(fresh.db);
      const shared = await after.memories.get(reader.id, memory.id);
      expect(shared.text).toBe('Klingon opera on Tuesdays');
      // Derived tables are rebuilt by the target's triggers, equal to the source's.
      const stats = `SELECT user_id, permission, superseded, memory_count::int AS n,
                            total_length::int AS length
                       FROM keyword_stats ORDER BY user_id, permission, superseded`;
      expect(await fresh.db.sql.query(stats)).toEqual(await source.sql.query(stats));
    } finally {
      await fresh.drop();
    }
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
