import type { Database } from '../db/database.js';

/**
 * Deletes the authorization server's state that can no longer matter:
 * expired provider rows (sessions, interactions, codes, tokens, grants) and
 * expired revoked-grant records. Returns how many rows went.
 */
export async function purgeExpiredOAuthState(db: Database, now = new Date()): Promise<number> {
  const payloads = await db.prisma.oidcPayload.deleteMany({ where: { expiresAt: { lt: now } } });
  const revoked = await db.prisma.revokedGrant.deleteMany({ where: { expiresAt: { lt: now } } });
  return payloads.count + revoked.count;
}
