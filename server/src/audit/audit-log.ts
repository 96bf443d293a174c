import type { Caller, Surface } from '../resource-server/caller.js';
import type { Database } from '../db/database.js';
import { afterCursor, toPage } from '../memories/cursor.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Logger } from '../logger.js';
import { z } from 'zod';
import { listMemoriesInput, parseInput, safeString } from '../memories/memory-input.js';

export const AUDIT_ACTIONS = [
  'memory.create',
  'memory.read',
  'memory.list',
  'memory.update',
  'memory.permission',
  'memory.delete',
  'memory.history',
  'memory.search',
  'persona.query',
  'memory.share',
  'group.change',
  'memory.export',
  'memory.import',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * How an operation ended: `success` or the stable code of the error that
 * ended it; `insufficient_scope` when the application's token did not allow
 * it (refused before it ran).
 */
export const AUDIT_OUTCOMES = [
  'success',
  'not_found',
  'invalid_input',
  'conflict',
  'insufficient_scope',
  'error',
] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** One recorded operation, as its owner sees it. */
export interface AuditEntry {
  id: string;
  at: Date;
  clientId: string;
  surface: Surface;
  action: AuditAction;
  memoryIds: string[];
  targetUsername: string | null;
  outcome: AuditOutcome;
}

export interface AuditRecord {
  caller: Caller;
  action: AuditAction;
  outcome: AuditOutcome;
  memoryIds?: string[];
  targetUsername?: string;
}

/**
 * The audit log of memory operations. It records ids and outcomes, never
 * memory text or queries, so it holds nothing the memories themselves don't.
 */
export interface AuditLog {
  /**
   * Queues the entry; queued entries are written together within
   * `flushIntervalMs`, so recording costs a request no database round trip.
   */
  record(entry: AuditRecord): void;
  /** Writes what is queued. */
  flush(): Promise<void>;
  /** Writes what is queued and stops the timer (shutdown). */
  close(): Promise<void>;
  /** The user's own entries, newest first, cursor-paginated like memory lists. */
  list(
    userId: string,
    input?: ListAuditInput,
  ): Promise<{ items: AuditEntry[]; nextCursor?: string }>;
}

/** Paging like memory lists, and filters for the activity pages. */
export const listAuditInput = listMemoriesInput.pick({ limit: true, cursor: true }).extend({
  clientId: safeString('clientId')
    .max(2_000, { error: 'clientId must be at most 2000 characters' })
    .optional()
    .meta({ description: 'Only what this application did.' }),
  action: z
    .enum(AUDIT_ACTIONS, { error: `action must be one of ${AUDIT_ACTIONS.join(', ')}` })
    .optional()
    .meta({ description: 'Only operations of this kind.' }),
  memoryId: z
    .uuid({ error: 'memoryId must be a UUID' })
    .optional()
    .meta({ description: 'Only operations on this memory (its origin is its memory.create).' }),
});
export type ListAuditInput = z.input<typeof listAuditInput>;

export function createAuditLog({
  db,
  logger,
  flushIntervalMs = 25,
  maxBatch = 500,
}: {
  db: Database;
  logger: Logger;
  flushIntervalMs?: number;
  maxBatch?: number;
}): AuditLog {
  const { prisma } = db;
  let queue: Prisma.AuditEntryCreateManyInput[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return writing;
    const batch = queue;
    queue = [];
    // One write at a time, in order; a failed batch is reported, not retried forever.
    writing = writing.then(() =>
      prisma.auditEntry.createMany({ data: batch }).then(
        () => undefined,
        (error: unknown) =>
          logger.error(
            { entries: batch.length, error: (error as Error).message },
            'could not write audit entries',
          ),
      ),
    );
    return writing;
  };

  return {
    record({ caller, action, outcome, memoryIds = [], targetUsername }) {
      queue.push({
        userId: caller.userId,
        clientId: caller.clientId,
        surface: caller.surface,
        action,
        outcome,
        memoryIds,
        targetUsername: targetUsername ?? null,
        createdAt: new Date(),
      });
      if (queue.length >= maxBatch) void flush();
      else timer ??= setTimeout(() => void flush(), flushIntervalMs);
    },

    flush,
    // flush() also stops the timer; nothing is queued after shutdown.
    close: flush,

    async list(userId, input = {}) {
      const query = parseInput(listAuditInput, input);
      // Entries still queued in this process are part of the answer.
      await flush();
      const rows = await prisma.auditEntry.findMany({
        where: {
          userId,
          ...(query.clientId ? { clientId: query.clientId } : {}),
          ...(query.action ? { action: query.action } : {}),
          ...(query.memoryId ? { memoryIds: { has: query.memoryId } } : {}),
          ...afterCursor(query.cursor),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: query.limit + 1,
      });
      return toPage(rows, query.limit, (row) => ({
        id: row.id,
        at: row.createdAt,
        clientId: row.clientId,
        surface: row.surface as Surface,
        action: row.action as AuditAction,
        memoryIds: row.memoryIds,
        targetUsername: row.targetUsername,
        outcome: row.outcome as AuditOutcome,
      }));
    },
  };
}
