import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createOidcAdapterFactory,
  storedOidcId,
} from '../src/authorization-server/oidc-adapter.js';
import { purgeExpiredOAuthState } from '../src/authorization-server/purge-expired-state.js';
import { Prisma } from '../src/generated/prisma/client.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';

/**
 * Migration SQL is written by hand, so every Prisma model is exercised here
 * against the migrated database: a mismatch with schema.prisma fails loudly.
 */
describe('schema.prisma agrees with the migrations', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.drop());

  it('User: create, read back, unique username and email', async () => {
    const { prisma } = test.db;
    const user = await prisma.user.create({
      data: { username: 'data', email: 'data@example.com' },
    });
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(user.createdAt).toBeInstanceOf(Date);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(user);

    for (const data of [
      { username: 'data', email: 'other@example.com' },
      { username: 'lore', email: 'data@example.com' },
    ]) {
      const attempt = prisma.user.create({ data });
      await expect(attempt).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
      await expect(attempt).rejects.toMatchObject({ code: 'P2002' });
    }
  });

  it('Memory and MemoryVersion: every column round-trips, history cascades with its memory', async () => {
    const { prisma } = test.db;
    const user = await prisma.user.create({
      data: { username: 'worf', email: 'worf@example.com' },
    });
    const fields = {
      id: '6f1c2a9e-8d44-4c3b-9b1e-2f7a5d3c1b00',
      userId: user.id,
      textCiphertext: new Uint8Array([1, 2, 3]),
      keyId: 'k1',
      permission: 'public' as const,
      tags: ['a', 'b'],
      expiresAt: new Date('2031-01-01T00:00:00Z'),
      embeddingModel: 'm',
      embeddingAttempts: 2,
    };
    const memory = await prisma.memory.create({ data: fields });
    expect(memory).toMatchObject({ ...fields, version: 1, textCiphertext: expect.any(Uint8Array) });
    expect([...memory.textCiphertext]).toEqual([1, 2, 3]);

    const version = await prisma.memoryVersion.create({
      data: {
        memoryId: memory.id,
        version: 1,
        textCiphertext: new Uint8Array([4]),
        keyId: 'k1',
        permission: 'private',
        tags: [],
        expiresAt: null,
        createdAt: memory.createdAt,
      },
    });
    expect(version.replacedAt).toBeInstanceOf(Date);
    await expect(
      prisma.memoryVersion.create({ data: { ...version, id: undefined } }),
    ).rejects.toMatchObject({ code: 'P2002' });

    await prisma.user.delete({ where: { id: user.id } });
    expect(await prisma.memory.count({ where: { id: memory.id } })).toBe(0);
    expect(await prisma.memoryVersion.count({ where: { memoryId: memory.id } })).toBe(0);
  });

  it('KeywordStat: every column round-trips; written by the memories triggers, gone with the memories', async () => {
    const { prisma } = test.db;
    const user = await prisma.user.create({
      data: { username: 'troi', email: 'troi@example.com' },
    });
    const key = { userId: user.id, permission: 'public' as const, superseded: false };
    await prisma.memory.create({
      data: {
        id: '6f1c2a9e-8d44-4c3b-9b1e-2f7a5d3c1b0f',
        userId: user.id,
        textCiphertext: new Uint8Array([1]),
        keyId: 'k1',
        permission: 'public',
        keywordHashes: ['h1', 'h2'],
        keywordFreqs: [1, 2],
        keywordLength: 3,
        keywordKeyId: 'k1',
      },
    });
    expect(
      await prisma.keywordStat.findUnique({ where: { userId_permission_superseded: key } }),
    ).toEqual({ ...key, memoryCount: 1n, totalLength: 3n });
    await prisma.user.delete({ where: { id: user.id } });
    expect(await prisma.keywordStat.count({ where: { userId: user.id } })).toBe(0);
  });

  it('OidcPayload, RevokedGrant, GrantActivity: round-trip; expired state is hidden, then purged', async () => {
    const { prisma } = test.db;
    const factory = createOidcAdapterFactory({ db: test.db, revocationMemorySeconds: 60 });
    const codes = factory('AuthorizationCode');
    await codes.upsert('live', { grantId: 'g1', uid: 'u1', accountId: 'a' }, 60);
    await codes.upsert('stale', { grantId: 'g2' }, 1);
    await prisma.oidcPayload.update({
      where: {
        id_type: { id: storedOidcId('AuthorizationCode', 'stale'), type: 'AuthorizationCode' },
      },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await codes.find('live')).toMatchObject({ grantId: 'g1' });
    expect(await codes.findByUid('u1')).toMatchObject({ grantId: 'g1' });
    expect(await codes.find('stale')).toBeUndefined();
    await codes.consume('live');
    expect((await codes.find('live'))!.consumed).toEqual(expect.any(Number));

    await prisma.grantActivity.create({
      data: {
        grantId: 'g1',
        accountId: '6f1c2a9e-8d44-4c3b-9b1e-2f7a5d3c1b01',
        clientId: 'c',
        lastUsedAt: new Date(),
      },
    });
    await codes.revokeByGrantId('g1');
    expect(await codes.find('live')).toBeUndefined();
    expect(await prisma.revokedGrant.findUnique({ where: { grantId: 'g1' } })).toMatchObject({
      expiresAt: expect.any(Date),
    });
    expect(await prisma.grantActivity.count({ where: { grantId: 'g1' } })).toBe(1);

    await prisma.revokedGrant.create({
      data: { grantId: 'old', expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await purgeExpiredOAuthState(test.db)).toBe(2); // 'stale' and 'old'
    expect(
      await prisma.oidcPayload.count({ where: { id: storedOidcId('AuthorizationCode', 'stale') } }),
    ).toBe(0);
    expect(await prisma.oidcPayload.count({ where: { id: { in: ['live', 'stale'] } } })).toBe(0);
    expect(await prisma.revokedGrant.count({ where: { grantId: 'g1' } })).toBe(1);
  });

  it('AccountSession: every column round-trips, gone with the user', async () => {
    const { prisma } = test.db;
    const user = await prisma.user.create({
      data: { username: 'kes', email: 'kes@example.com' },
    });
    const expiresAt = new Date('2031-01-01T00:00:00Z');
    const session = await prisma.accountSession.create({
      data: { id: 'hash-of-sid', accountId: user.id, expiresAt },
    });
    expect(session).toEqual({
      id: 'hash-of-sid',
      accountId: user.id,
      createdAt: expect.any(Date),
      expiresAt,
    });
    await expect(
      prisma.accountSession.create({ data: { id: 'hash-of-sid', accountId: user.id, expiresAt } }),
    ).rejects.toMatchObject({ code: 'P2002' });
    await prisma.user.delete({ where: { id: user.id } });
    expect(await prisma.accountSession.count({ where: { accountId: user.id } })).toBe(0);
  });

  it('RememberedConsent: every column round-trips, one per account and client, gone with the user', async () => {
    const { prisma } = test.db;
    const user = await prisma.user.create({
      data: { username: 'guinan', email: 'guinan@example.com' },
    });
    const fields = {
      accountId: user.id,
      clientId: 'client-1',
      scope: 'openid profile',
      claims: ['email'],
      resources: { 'https://picard.example/api': 'memories:read' },
      limitTags: ['work'],
      readOnly: true,
    };
    const row = await prisma.rememberedConsent.create({ data: fields });
    expect(row).toMatchObject({ ...fields, updatedAt: expect.any(Date) });
    const twice = prisma.rememberedConsent.create({ data: fields });
    await expect(twice).rejects.toMatchObject({ code: 'P2002' });
    await prisma.user.delete({ where: { id: user.id } });
    expect(await prisma.rememberedConsent.count({ where: { accountId: user.id } })).toBe(0);
  });

  it('AuditEntry: every column round-trips, entries go with their user', async () => {
    const { prisma } = test.db;
    const user = await prisma.user.create({
      data: { username: 'troi', email: 'troi@example.com' },
    });
    const fields = {
      userId: user.id,
      clientId: 'client-1',
      surface: 'mcp',
      action: 'memory.search',
      memoryIds: ['6f1c2a9e-8d44-4c3b-9b1e-2f7a5d3c1b02'],
      targetUsername: 'data',
      outcome: 'success',
    };
    const entry = await prisma.auditEntry.create({ data: fields });
    expect(entry).toMatchObject({ ...fields, id: expect.any(String), createdAt: expect.any(Date) });
    const bare = await prisma.auditEntry.create({
      data: {
        userId: user.id,
        clientId: 'c',
        surface: 'api',
        action: 'memory.list',
        outcome: 'success',
      },
    });
    expect(bare).toMatchObject({ memoryIds: [], targetUsername: null });

    await prisma.user.delete({ where: { id: user.id } });
    expect(await prisma.auditEntry.count({ where: { userId: user.id } })).toBe(0);
  });

  it('Group, GroupMember, MemoryShare: round-trip, one target per share, gone with their owners', async () => {
    const { prisma } = test.db;
    const [owner, member] = await Promise.all(
      ['crusher', 'selar'].map((username) =>
        prisma.user.create({ data: { username, email: `${username}@example.com` } }),
      ),
    );
    const group = await prisma.group.create({
      data: {
        ownerId: owner!.id,
        name: 'Sickbay',
        members: { create: [{ userId: owner!.id }, { userId: member!.id }] },
      },
      include: { members: true },
    });
    expect(group).toMatchObject({ name: 'Sickbay', createdAt: expect.any(Date) });
    expect(group.members.map((row) => row.addedAt)).toEqual([expect.any(Date), expect.any(Date)]);
    await expect(
      prisma.group.create({ data: { ownerId: owner!.id, name: 'Sickbay' } }),
    ).rejects.toMatchObject({ code: 'P2002' });
    const memory = await prisma.memory.create({
      data: {
        id: '6f1c2a9e-8d44-4c3b-9b1e-2f7a5d3c1b09',
        userId: owner!.id,
        textCiphertext: new Uint8Array([1]),
        keyId: 'k1',
        permission: 'shared',
      },
    });
    const toUser = await prisma.memoryShare.create({
      data: { memoryId: memory.id, userId: member!.id },
    });
    expect(toUser).toMatchObject({
      groupId: null,
      keywordKeyId: null,
      createdAt: expect.any(Date),
    });
    const posting = {
      principalId: member!.id,
      hash: 'h1',
      memoryId: memory.id,
      shareId: toUser.id,
      ownerId: owner!.id,
      tf: 2,
      length: 7,
      permission: 'shared' as const,
      superseded: false,
      expiresAt: new Date('2031-01-01T00:00:00Z'),
    };
    await prisma.shareKeywordPosting.create({ data: posting });
    expect(await prisma.shareKeywordPosting.findMany()).toEqual([posting]);
    // Counted by the triggers of migration 0025, once per share.
    expect(await prisma.shareKeywordStat.findMany()).toEqual([
      { principalId: member!.id, memoryCount: 1n, totalLength: 7n },
    ]);
    await prisma.memoryShare.update({ where: { id: toUser.id }, data: { keywordKeyId: 'k1' } });
    expect(await prisma.memoryShare.findUnique({ where: { id: toUser.id } })).toMatchObject({
      keywordKeyId: 'k1',
    });
    await prisma.memoryShare.create({ data: { memoryId: memory.id, groupId: group.id } });
    // The CHECK constraint: a share names a user or a group, not both, not neither.
    await expect(
      prisma.memoryShare.create({
        data: { memoryId: memory.id, userId: owner!.id, groupId: group.id },
      }),
    ).rejects.toThrow();
    await expect(prisma.memoryShare.create({ data: { memoryId: memory.id } })).rejects.toThrow();
    await prisma.user.delete({ where: { id: member!.id } });
    expect(await prisma.groupMember.count({ where: { groupId: group.id } })).toBe(1);
    expect(await prisma.memoryShare.count({ where: { memoryId: memory.id } })).toBe(1);
    // A share's postings go with it, and out of the counts.
    expect(await prisma.shareKeywordPosting.count()).toBe(0);
    expect(await prisma.shareKeywordStat.count()).toBe(0);
    await prisma.user.delete({ where: { id: owner!.id } });
    expect(await prisma.group.count()).toBe(0);
    expect(await prisma.memoryShare.count()).toBe(0);
  });

  it('administration: user role and suspension, invitations, password resets, pre-registered clients, admin audit', async () => {
    const { prisma } = test.db;
    const user = await prisma.user.create({
      data: { username: 'ogawa', email: 'ogawa@example.com' },
    });
    expect(user).toMatchObject({ role: 'user', suspendedAt: null, lastSignInAt: null });
    const when = new Date('2031-02-03T04:05:06.789Z');
    const changed = await prisma.user.update({
      where: { id: user.id },
      data: { role: 'admin', suspendedAt: when, lastSignInAt: when },
    });
    expect(changed).toMatchObject({ role: 'admin', suspendedAt: when, lastSignInAt: when });

    const invitation = {
      id: '6f1c2a9e-8d44-4c3b-9b1e-2f7a5d3c1b09',
      tokenHash: 'hash-1',
      createdBy: user.id,
      expiresAt: when,
      usedAt: when,
      usedBy: user.id,
    };
    expect(await prisma.invitation.create({ data: invitation })).toMatchObject(invitation);
    await expect(
      prisma.invitation.create({
        data: { ...invitation, id: '6f1c2a9e-8d44-4c3b-9b1e-2f7a5d3c1b0a' },
      }),
    ).rejects.toMatchObject({ code: 'P2002' });

    const reset = await prisma.passwordReset.create({
      data: { tokenHash: 'reset-1', userId: user.id, expiresAt: when },
    });
    expect(reset).toMatchObject({ tokenHash: 'reset-1', createdAt: expect.any(Date) });
    expect(await prisma.preregisteredClient.create({ data: { clientId: 'c-1' } })).toMatchObject({
      clientId: 'c-1',
      createdAt: expect.any(Date),
    });
    const entry = await prisma.adminAuditEntry.create({
      data: {
        actorId: user.id,
        actorUsername: 'ogawa',
        surface: 'page',
        action: 'user.suspend',
        target: 'someone',
      },
    });
    expect(entry).toMatchObject({ id: expect.any(String), createdAt: expect.any(Date) });

    // Resets go with the account; the admin trail and invitations stay.
    await prisma.user.delete({ where: { id: user.id } });
    expect(await prisma.passwordReset.count()).toBe(0);
    expect(await prisma.adminAuditEntry.count({ where: { id: entry.id } })).toBe(1);
    expect(await prisma.invitation.count({ where: { id: invitation.id } })).toBe(1);
  });
});
