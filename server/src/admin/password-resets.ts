import type { Database } from '../db/database.js';
import { hashLinkToken, LINK_TOKEN, newLinkToken } from './single-use-tokens.js';

/**
 * Password reset links: single-use, short-lived, stored hashed. Issuing a new
 * link leaves older ones valid until they expire or one of them is used;
 * using one removes every link of the account.
 */
export function createPasswordResets({ db, ttlMs }: { db: Database; ttlMs: number }) {
  const { prisma } = db;
  return {
    ttlMs,
    async issue(userId: string): Promise<string> {
      const { token, hash } = newLinkToken();
      await prisma.passwordReset.deleteMany({ where: { expiresAt: { lt: new Date() } } });
      await prisma.passwordReset.create({
        data: { tokenHash: hash, userId, expiresAt: new Date(Date.now() + ttlMs) },
      });
      return token;
    },

    /** The account a live link is for, without using it (to show the form). */
    async peek(token: string): Promise<string | undefined> {
      if (!LINK_TOKEN.test(token)) return undefined;
      const row = await prisma.passwordReset.findUnique({
        where: { tokenHash: hashLinkToken(token) },
      });
      return row && row.expiresAt.getTime() > Date.now() ? row.userId : undefined;
    },

    /** Uses the link: the account it was for, once; undefined when used, expired or unknown. */
    async use(token: string): Promise<string | undefined> {
      if (!LINK_TOKEN.test(token)) return undefined;
      const rows = await db.sql.query<{ user_id: string; live: boolean }>(
        `DELETE FROM password_resets WHERE token_hash = $1
          RETURNING user_id, expires_at > now() AS live`,
        [hashLinkToken(token)],
      );
      const row = rows[0];
      if (!row?.live) return undefined;
      await prisma.passwordReset.deleteMany({ where: { userId: row.user_id } });
      return row.user_id;
    },
  };
}

export type PasswordResets = ReturnType<typeof createPasswordResets>;
