import { encodeCursor } from '../memories/cursor.js';
import type { MemoryService } from '../memories/memory-service.js';
import type { Actor } from '../memories/visibility.js';
import type { AuditEntry, AuditLog, ListAuditInput } from './audit-log.js';

/** Audit pages read at most per answer while filling one for a limited application. */
const MAX_ROUNDS = 5;

/**
 * The audit log as a tag-limited application may see it: an application
 * that may not learn about memories outside its tags must not learn their
 * ids from the log either. Entries keep only the memory ids the application
 * may read now; entries that named memories, none of which it may read, are
 * left out (their action and time would still tell it something happened to
 * them). Deleted memories have no tags left to judge, so they count as
 * outside. Pages are filled from following ones, within a few reads; a page
 * may then be short, and `nextCursor` goes on from where reading stopped.
 */
export async function listAuditWithinLimit(
  deps: { audit: Pick<AuditLog, 'list'>; memories: Pick<MemoryService, 'readableIds'> },
  actor: Actor,
  input: ListAuditInput & { limit: number },
): Promise<{ items: AuditEntry[]; nextCursor?: string }> {
  // Asking about a memory it may not read answers like a memory never touched.
  if (input.memoryId) {
    const asked = await deps.memories.readableIds(actor, [input.memoryId]);
    if (!asked.has(input.memoryId)) return { items: [] };
  }
  const items: AuditEntry[] = [];
  let cursor = input.cursor;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const page = await deps.audit.list(actor.userId, { ...input, cursor });
    const readable = await deps.memories.readableIds(
      actor,
      page.items.flatMap((entry) => entry.memoryIds),
    );
    for (const entry of page.items) {
      const memoryIds = entry.memoryIds.filter((id) => readable.has(id));
      if (entry.memoryIds.length > 0 && memoryIds.length === 0) continue;
      items.push({ ...entry, memoryIds });
      if (items.length === input.limit) {
        const more = entry !== page.items.at(-1) || page.nextCursor !== undefined;
        if (!more) return { items };
        return { items, nextCursor: encodeCursor({ at: entry.at, id: entry.id, order: 'newest' }) };
      }
    }
    cursor = page.nextCursor;
    if (!cursor) return { items };
  }
  return { items, nextCursor: cursor };
}
