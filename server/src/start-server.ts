import { createApp } from './app.js';
import { createAuditLog, type AuditLog } from './audit/audit-log.js';
import { createRedisRateLimitStore, type RateLimitStore } from './http/rate-limit-store.js';
import type { Config } from './config.js';
import { createDatabase, type Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { serveBackupRequests } from './db/pglite-backup.js';
import type { PgliteDriver } from './db/pglite-driver.js';
import { listen, type RunningServer } from './http/listen.js';
import { createLogger } from './logger.js';
import { createSessionRelayFor } from './mcp/postgres-reply-channel.js';
import type { SessionRelay } from './mcp/session-relay.js';
import { startBackgroundJobs } from './memories/background-jobs.js';
import { createMemoryStore, type MemoryStore } from './memories/memory-store.js';
import express from 'express';
import { scrape } from './observability/metrics-router.js';
import type { Tracing } from './observability/tracing-sdk.js';

/**
 * Runs the server with a validated configuration: open the database, apply
 * migrations, listen, and shut down gracefully on SIGTERM/SIGINT, whenever
 * they arrive.
 */
export async function startServer(
  config: Config,
  options: { tracing?: Tracing | undefined } = {},
): Promise<void> {
  const logger = createLogger(config.logLevel, 'picard-server');
  // Filled in as start-up proceeds; a signal may arrive at any point.
  const started: {
    db?: Database;
    server?: RunningServer;
    metricsServer?: RunningServer;
    stopJobs?: () => Promise<void>;
    store?: MemoryStore;
    rateLimitStore?: RateLimitStore;
    mcpRelay?: SessionRelay;
    audit?: AuditLog;
  } = {};

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // The bound on the whole shutdown: whatever hangs, the process ends.
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 5_000).unref();
    // Open MCP streams would hold their connections until the timeout.
    await started.mcpRelay?.closeAll();
    await started.server?.shutdown(config.shutdownTimeoutMs);
    await started.metricsServer?.shutdown(1_000);
    await started.audit?.close();
    await started.stopJobs?.();
    await started.store?.embedder.close?.();
    await started.rateLimitStore?.close();
    await started.db?.close();
    await options.tracing?.shutdown().catch(() => undefined);
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  const db = (started.db = await createDatabase(config.database, {
    onBackgroundError: (error) => logger.warn({ error: error.message }, 'database connection lost'),
  }));
  if (config.migrateOnStart && !stopping) {
    const { applied } = await migrate(db.sql);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  }
  if (stopping) return;
  if (config.database.kind === 'pglite' && config.database.dir !== 'memory://') {
    // `npm run db:backup` while the server runs: the server makes the copy (pglite-backup.ts).
    serveBackupRequests({
      pglite: (db.sql as PgliteDriver).pglite,
      dir: config.database.dir,
      logger,
    });
  }
  const store = (started.store = await createMemoryStore({ config, db, logger }));
  logger.info({ embeddings: store.embedder.model }, 'memory store ready');
  started.stopJobs = startBackgroundJobs({
    db,
    embeddings: store.embeddings,
    keywordIndex: store.keywordIndex,
    logger,
    retryIntervalMs: config.embeddings.retryIntervalMs,
    purgeGraceMs: config.memories.purgeGraceMs,
    clientRetention: config.oauth.clientRetention,
  });
  if (stopping) return;
  if (config.rateLimits.redisUrl) {
    started.rateLimitStore = await createRedisRateLimitStore(config.rateLimits.redisUrl);
  }
  const mcpRelay = (started.mcpRelay = createSessionRelayFor(db));
  const audit = (started.audit = createAuditLog({ db, logger }));
  const app = createApp({
    config,
    db,
    logger,
    store,
    mcpRelay,
    audit,
    rateLimitStore: started.rateLimitStore,
  });
  const running = (started.server = await listen(app, { host: config.host, port: config.port }));
  if (config.metrics.port !== undefined) {
    // Prometheus on an internal address: no token, nothing else served there.
    const metricsApp = express();
    metricsApp.disable('x-powered-by');
    metricsApp.get('/metrics', scrape);
    started.metricsServer = await listen(metricsApp, {
      host: config.metrics.host,
      port: config.metrics.port,
    });
    logger.info(
      { port: started.metricsServer.port },
      `metrics on ${config.metrics.host}:${started.metricsServer.port}/metrics`,
    );
  }
  logger.info(
    { url: config.publicUrl, database: db.kind, port: running.port },
    `Picard server listening on ${config.host}:${running.port}`,
  );
  process.send?.({
    type: 'ready',
    name: 'server',
    url: config.publicUrl,
    listening: `http://${config.host}:${running.port}`,
    ...(started.metricsServer
      ? { metrics: `http://${config.metrics.host}:${started.metricsServer.port}/metrics` }
      : {}),
  });
}
