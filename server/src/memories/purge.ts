import type { Database } from '../db/database.js';

/**
 * Deletes memories (and their history) that expired more than `graceMs` ago.
 * Until then they are only hidden: every read path already ignores them.
 */
export async function purgeExpired(
  db: Database,
  { graceMs, now = new Date() }: { graceMs: number; now?: Date },
) {
  const cutoff = new Date(now.getTime() - graceMs);
  const { count } = await db.prisma.memory.deleteMany({ where: { expiresAt: { lt: cutoff } } });
  return count;
}
