import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.js';
import { hashLinkToken, LINK_TOKEN, newLinkToken } from './single-use-tokens.js';

export interface Invitation {
  id: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/**
 * Invitations for SIGNUP=invite: single-use links with an expiry, created by
 * an administrator. Using one is an atomic update, so two sign-ups racing
 * with the same link cannot both succeed.
 */
export function createInvitations({ db, ttlMs }: { db: Database; ttlMs: number }) {
  const { prisma } = db;
  return {
    async create(createdBy: string | undefined): Promise<Invitation & { token: string }> {
      const { token, hash } = newLinkToken();
      const row = await prisma.invitation.create({
        data: {
          id: randomUUID(),
          tokenHash: hash,
          createdBy: createdBy ?? null,
          expiresAt: new Date(Date.now() + ttlMs),
        },
      });
      return {
        id: row.id,
        createdAt: row.createdAt,
        expiresAt: row.expiresAt,
        usedAt: null,
        token,
      };
    },

    /** Whether the token names an unused, unexpired invitation (without using it). */
    async isValid(token: string): Promise<boolean> {
      if (!LINK_TOKEN.test(token)) return false;
      const row = await prisma.invitation.findUnique({
        where: { tokenHash: hashLinkToken(token) },
      });
      return Boolean(row && !row.usedAt && row.expiresAt.getTime() > Date.now());
    },

    /** Uses the invitation; the id of the one used, or undefined when it is not valid. */
    async use(token: string): Promise<string | undefined> {
      if (!LINK_TOKEN.test(token)) return undefined;
      const rows = await db.sql.query<{ id: string }>(
        `UPDATE invitations SET used_at = now()
          WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
          RETURNING id`,
        [hashLinkToken(token)],
      );
      return rows[0]?.id;
    },

    /** Gives a used invitation back (the account it was used for could not be created). */
    async release(id: string): Promise<void> {
      await prisma.invitation.updateMany({ where: { id }, data: { usedAt: null } });
    },

    async markUsedBy(id: string, userId: string): Promise<void> {
      await prisma.invitation.updateMany({ where: { id }, data: { usedBy: userId } });
    },

    async list(limit = 50): Promise<Invitation[]> {
      return prisma.invitation.findMany({
        orderBy: { createdAt: 'desc' },
        take: limit,
        select: { id: true, createdAt: true, expiresAt: true, usedAt: true },
      });
    },
  };
}

export type Invitations = ReturnType<typeof createInvitations>;
