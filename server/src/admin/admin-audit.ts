import type { Database } from '../db/database.js';

/** Who did an administration action, and through which surface. */
export interface AdminActor {
  /** The acting account; absent for the command line run by the operator. */
  id?: string;
  username: string;
  surface: 'page' | 'api' | 'cli';
}

export const ADMIN_ACTIONS = [
  'user.suspend',
  'user.restore',
  'user.delete',
  'user.sign_out',
  'user.password_reset',
  'user.role',
  'client.create',
  'client.revoke_grants',
  'client.delete',
  'invite.create',
] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

export interface AdminAuditEntry {
  id: string;
  at: Date;
  actor: string;
  surface: string;
  action: AdminAction;
  target: string | null;
}

/**
 * The administrators' audit trail: who did what to which account or
 * application, and when. Written at once (administration is rare), kept when
 * the actor or the target is deleted, and holds names only: never memory
 * text, passwords, secrets or links.
 */
export function createAdminAudit(db: Database) {
  const { prisma } = db;
  return {
    async record(actor: AdminActor, action: AdminAction, target?: string): Promise<void> {
      await prisma.adminAuditEntry.create({
        data: {
          actorId: actor.id ?? null,
          actorUsername: actor.username,
          surface: actor.surface,
          action,
          target: target ?? null,
        },
      });
    },
    async list(limit = 100): Promise<AdminAuditEntry[]> {
      const rows = await prisma.adminAuditEntry.findMany({
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
      });
      return rows.map((row) => ({
        id: row.id,
        at: row.createdAt,
        actor: row.actorUsername,
        surface: row.surface,
        action: row.action as AdminAction,
        target: row.target,
      }));
    },
  };
}

export type AdminAudit = ReturnType<typeof createAdminAudit>;
