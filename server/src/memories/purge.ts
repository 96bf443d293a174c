import type { Database } from '../db/database.js';
import { createMemoryRepository } from './memory-repository.js';

/**
 * Deletes memories (and their history) that expired more than `graceMs` ago.
 * Until then they are only hidden: every read path already ignores them.
 */
export async function purgeExpired(
  db: Database,
  { graceMs, now = new Date() }: { graceMs: number; now?: Date },
) {
  return createMemoryRepository(db).purgeExpiredBefore(new Date(now.getTime() - graceMs));
}
