import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { backgroundJobRuns } from '../observability/metrics.js';
import type { EmbeddingWriter } from './embedding-writer.js';
import type { KeywordIndexer } from './keyword-indexer.js';
import { purgeExpiredOAuthState } from '../authorization-server/purge-expired-state.js';
import {
  purgeStaleClients,
  type ClientRetention,
} from '../authorization-server/purge-stale-clients.js';
import { purgeExpired } from './purge.js';

export interface BackgroundJobsOptions {
  db: Database;
  embeddings: EmbeddingWriter;
  /** Indexes memories without a keyword entry (or one of a retired key) once, at start. */
  keywordIndex?: KeywordIndexer;
  logger: Logger;
  /** Pause between rounds of embedding retries; doubled after each failure, up to 16×. */
  retryIntervalMs: number;
  purgeGraceMs: number;
  purgeIntervalMs?: number;
  /** When given, unused dynamically registered clients are deleted in each purge round. */
  clientRetention?: ClientRetention;
  /** Pause before the first purge round (a minute unless given). */
  firstPurgeDelayMs?: number;
  /** Told after each purge round that deleted registrations, with how many. */
  onClientsPurged?: (count: number) => void;
  /** Told after each retry round that embedded something. */
  onEmbedded?: (count: number) => void;
  /** Told after each retry round that failed: failures in a row and the pause before the next. */
  onRetryFailed?: (failures: number, nextDelayMs: number) => void;
}

/**
 * Runs the server's housekeeping until stopped: embeds memories still
 * waiting for a vector, purges long-expired memories, and has the
 * authorization server delete its expired state (see purge-expired-state.ts).
 * Returns a stop function that resolves once any round in progress has finished.
 *
 * Embedding retries start at once (memories left waiting before a restart)
 * and back off while the provider fails; as soon as a write's own embedding
 * succeeds again the provider is back, so the back-off ends and the waiting
 * memories are embedded right away instead of at the end of the pause.
 */
export function startBackgroundJobs(options: BackgroundJobsOptions): () => Promise<void> {
  const { db, embeddings, logger } = options;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const timers = new Set<NodeJS.Timeout>();

  const schedule = (delayMs: number, round: () => Promise<number>) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped) return;
      running = round().then((next) => !stopped && schedule(next, round));
    }, delayMs);
    timer.unref();
    timers.add(timer);
  };

  let failures = 0;
  const retryEmbeddings = async (): Promise<number> => {
    try {
      let total = 0;
      for (;;) {
        const { embedded } = await embeddings.embedBatch({ batchSize: 32 });
        total += embedded;
        if (embedded === 0 || stopped) break;
      }
      if (total > 0) {
        logger.info({ embedded: total }, 'embedded memories that were waiting');
        options.onEmbedded?.(total);
      }
      failures = 0;
      backgroundJobRuns.inc({ job: 'embedding-retry', outcome: 'success' });
    } catch (error) {
      backgroundJobRuns.inc({ job: 'embedding-retry', outcome: 'failure' });
      failures += 1;
      const next = options.retryIntervalMs * 2 ** Math.min(failures, 4);
      logger.warn({ error: (error as Error).message, failures }, 'embedding retry failed');
      options.onRetryFailed?.(failures, next);
      return next;
    }
    return options.retryIntervalMs;
  };
  let retryTimer: NodeJS.Timeout | undefined;
  let retryRunning = false;
  let wakeAfterRound = false;
  const retryRound = async (): Promise<number> => {
    retryRunning = true;
    wakeAfterRound = false;
    try {
      const next = await retryEmbeddings();
      return wakeAfterRound ? 0 : next;
    } finally {
      retryRunning = false;
    }
  };
  // The provider answered a write: end any back-off.
  const unsubscribe = embeddings.onSuccess(() => {
    if (stopped || failures === 0) return;
    failures = 0;
    if (retryRunning) {
      wakeAfterRound = true;
    } else if (retryTimer) {
      clearTimeout(retryTimer);
      timers.delete(retryTimer);
      loop(0);
    }
  });

  // New memories wait (an import): embed them now, unless the provider is failing.
  const unsubscribePending = embeddings.onPending(() => {
    if (stopped || failures > 0) return;
    if (retryRunning) {
      wakeAfterRound = true;
    } else if (retryTimer) {
      clearTimeout(retryTimer);
      timers.delete(retryTimer);
      loop(0);
    }
  });

  const purgeIntervalMs = options.purgeIntervalMs ?? 3_600_000;
  const purge = async (): Promise<number> => {
    try {
      const purged = await purgeExpired(db, { graceMs: options.purgeGraceMs });
      if (purged > 0) logger.info({ purged }, 'purged expired memories');
      const oauth = await purgeExpiredOAuthState(db);
      if (oauth > 0) logger.info({ purged: oauth }, 'purged expired sessions, tokens and grants');
      if (options.clientRetention) {
        const clients = await purgeStaleClients(db, options.clientRetention);
        if (clients > 0) {
          logger.info({ deleted: clients }, 'deleted unused client registrations');
          options.onClientsPurged?.(clients);
        }
      }
      backgroundJobRuns.inc({ job: 'purge', outcome: 'success' });
    } catch (error) {
      backgroundJobRuns.inc({ job: 'purge', outcome: 'failure' });
      logger.warn({ error: (error as Error).message }, 'purge failed');
    }
    return purgeIntervalMs;
  };

  // The pending retry's timer is kept, so a wake can bring it forward.
  function loop(delayMs: number) {
    const timer = setTimeout(() => {
      timers.delete(timer);
      retryTimer = undefined;
      if (stopped) return;
      running = retryRound().then((next) => {
        if (!stopped) loop(next);
      });
    }, delayMs);
    timer.unref();
    timers.add(timer);
    retryTimer = timer;
  }
  loop(0);
  schedule(options.firstPurgeDelayMs ?? 60_000, purge);
  if (options.keywordIndex) {
    const keywordIndex = options.keywordIndex;
    const indexing = keywordIndex
      .indexAll({ stopped: () => stopped })
      .then((indexed) => {
        if (indexed > 0) logger.info({ indexed }, 'built the keyword index of older memories');
      })
      .catch((error: Error) => logger.warn({ error: error.message }, 'keyword indexing failed'));
    const before = running;
    running = Promise.all([before, indexing]);
  }

  return async () => {
    stopped = true;
    unsubscribe();
    unsubscribePending();
    for (const timer of timers) clearTimeout(timer);
    await running;
  };
}
