import type { Database } from '../db/database.js';

/**
 * The one owner of the `groups`, `group_members` and `memory_shares` tables.
 * The rules (who may change what) live in the services above.
 */
export type SharingRepository = ReturnType<typeof createSharingRepository>;

export interface GroupRow {
  id: string;
  ownerId: string;
  name: string;
  createdAt: Date;
  members: { userId: string; username: string }[];
}

export function createSharingRepository(db: Database) {
  const { prisma, sql } = db;
  const groupSelect = {
    id: true,
    ownerId: true,
    name: true,
    createdAt: true,
    members: { select: { userId: true, user: { select: { username: true } } } },
  } as const;
  const toGroup = (row: {
    id: string;
    ownerId: string;
    name: string;
    createdAt: Date;
    members: { userId: string; user: { username: string } }[];
  }): GroupRow => ({
    id: row.id,
    ownerId: row.ownerId,
    name: row.name,
    createdAt: row.createdAt,
    members: row.members
      .map((member) => ({ userId: member.userId, username: member.user.username }))
      .sort((a, b) => a.username.localeCompare(b.username)),
  });

  return {
    /** Users by username (lowercase); unknown names are left out. */
    usersByName: (usernames: string[]) =>
      prisma.user.findMany({
        where: { username: { in: usernames } },
        select: { id: true, username: true },
      }),

    /** Who a memory is shared with, users and groups, by name. */
    async sharesOf(memoryId: string) {
      const rows = await prisma.memoryShare.findMany({
        where: { memoryId },
        select: {
          user: { select: { username: true } },
          group: { select: { id: true, name: true } },
        },
      });
      return {
        users: rows.flatMap((row) => (row.user ? [row.user.username] : [])).sort(),
        groups: rows
          .flatMap((row) => (row.group ? [row.group] : []))
          .sort((a, b) => a.name.localeCompare(b.name)),
      };
    },

    /**
     * Replaces who a memory is shared with, in one transaction. Shares that
     * stay are kept, with the keyword postings hashed for them.
     */
    async replaceShares(memoryId: string, userIds: string[], groupIds: string[]): Promise<void> {
      await prisma.$transaction([
        prisma.memoryShare.deleteMany({
          where: {
            memoryId,
            OR: [
              { userId: { not: null, notIn: userIds } },
              { groupId: { not: null, notIn: groupIds } },
            ],
          },
        }),
        prisma.memoryShare.createMany({
          data: [
            ...userIds.map((userId) => ({ memoryId, userId })),
            ...groupIds.map((groupId) => ({ memoryId, groupId })),
          ],
          skipDuplicates: true,
        }),
      ]);
    },

    async clearShares(memoryId: string): Promise<void> {
      await prisma.memoryShare.deleteMany({ where: { memoryId } });
    },

    /** The groups the user owns or belongs to, by name. */
    async groupsOf(userId: string): Promise<GroupRow[]> {
      const rows = await prisma.group.findMany({
        where: { members: { some: { userId } } },
        select: groupSelect,
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      });
      return rows.map(toGroup);
    },

    async findGroup(id: string): Promise<GroupRow | undefined> {
      const row = await prisma.group.findUnique({ where: { id }, select: groupSelect });
      return row ? toGroup(row) : undefined;
    },

    /** The owner's groups with these ids (others are left out). */
    ownedGroups: (ownerId: string, ids: string[]) =>
      prisma.group.findMany({ where: { ownerId, id: { in: ids } }, select: { id: true } }),

    async createGroup(ownerId: string, name: string, memberIds: string[]): Promise<GroupRow> {
      const row = await prisma.group.create({
        data: {
          ownerId,
          name,
          members: { create: [...new Set([ownerId, ...memberIds])].map((userId) => ({ userId })) },
        },
        select: groupSelect,
      });
      return toGroup(row);
    },

    async renameGroup(id: string, name: string): Promise<void> {
      await prisma.group.update({ where: { id }, data: { name } });
    },

    async addMembers(groupId: string, userIds: string[]): Promise<void> {
      await prisma.groupMember.createMany({
        data: userIds.map((userId) => ({ groupId, userId })),
        skipDuplicates: true,
      });
    },

    async removeMembers(groupId: string, userIds: string[]): Promise<void> {
      await prisma.groupMember.deleteMany({ where: { groupId, userId: { in: userIds } } });
    },

    async deleteGroup(id: string): Promise<void> {
      await prisma.group.delete({ where: { id } });
    },

    /**
     * Successful reads of the owner's memory by other people, newest first,
     * from the audit log: who, when, how.
     */
    readsOf(memoryId: string, ownerId: string, limit: number) {
      return sql.query<{ username: string; action: string; at: Date }>(
        `SELECT u.username, a.action, a.created_at AS at
           FROM audit_entries a JOIN users u ON u.id = a.user_id
          WHERE a.memory_ids @> ARRAY[$1::uuid] AND a.user_id <> $2::uuid
            AND a.outcome = 'success' AND a.action <> 'memory.create'
          ORDER BY a.created_at DESC LIMIT ${Number(limit)}`,
        [memoryId, ownerId],
      );
    },
  };
}
