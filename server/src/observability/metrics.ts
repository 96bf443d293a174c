import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The server's Prometheus metrics (prom-client), in one registry of its own
 * (not prom-client's global default, so nothing else registers into it).
 * One process is one scrape target, so the registry is per process; the
 * modules that count import it from here. Labels never hold user input
 * beyond fixed sets (routes as declared, operation and tool names, reason
 * codes): no usernames, ids, queries or tokens.
 */
export const registry = new Registry();

const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const httpRequests = new Counter({
  name: 'picard_http_requests_total',
  help: 'HTTP requests by method, route (as declared, not the raw path) and status.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const httpDuration = new Histogram({
  name: 'picard_http_request_duration_seconds',
  help: 'HTTP request latency by method, route and status.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: seconds,
  registers: [registry],
});

export const mcpRequests = new Counter({
  name: 'picard_mcp_requests_total',
  help: 'MCP JSON-RPC messages by method, and tool for tools/call.',
  labelNames: ['method', 'tool'] as const,
  registers: [registry],
});

export const operations = new Counter({
  name: 'picard_operations_total',
  help: 'Catalogue operations (memory CRUD, searches, persona queries, administration) by surface and outcome.',
  labelNames: ['operation', 'surface', 'outcome'] as const,
  registers: [registry],
});

export const operationDuration = new Histogram({
  name: 'picard_operation_duration_seconds',
  help: 'Catalogue operation latency, e.g. operation="searchMemories" or "askPersona".',
  labelNames: ['operation', 'surface'] as const,
  buckets: seconds,
  registers: [registry],
});

export const embeddingCalls = new Counter({
  name: 'picard_embedding_calls_total',
  help: 'Calls to the embedding provider by outcome (success, failure).',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const embeddingDuration = new Histogram({
  name: 'picard_embedding_duration_seconds',
  help: 'Embedding provider call latency.',
  buckets: seconds,
  registers: [registry],
});

/** What scrape-time gauges read; set by the app that owns the database. */
let gaugeSources: {
  pendingEmbeddings?: () => Promise<number>;
  pool?: () => { total: number; idle: number; waiting: number } | undefined;
} = {};

export const embeddingQueueDepth: Gauge = new Gauge({
  name: 'picard_embedding_queue_depth',
  help: 'Memories waiting for a vector of the active model (read at scrape time).',
  registers: [registry],
  async collect() {
    if (!gaugeSources.pendingEmbeddings) return;
    try {
      embeddingQueueDepth.set(await gaugeSources.pendingEmbeddings());
    } catch {
      // The database may be down; /health/ready reports that.
    }
  },
});

export const tokensIssued = new Counter({
  name: 'picard_tokens_issued_total',
  help: 'Successful token endpoint responses by grant type.',
  labelNames: ['grant_type'] as const,
  registers: [registry],
});

export const tokenRefusals = new Counter({
  name: 'picard_token_refusals_total',
  help: 'Refused token requests (token endpoint) and refused access tokens (resource surfaces), by reason.',
  labelNames: ['where', 'reason'] as const,
  registers: [registry],
});

export const rateLimitRefusals = new Counter({
  name: 'picard_rate_limit_refusals_total',
  help: 'Requests refused by a rate limit (429), by limit.',
  labelNames: ['limit'] as const,
  registers: [registry],
});

export const databasePool: Gauge<'state'> = new Gauge({
  name: 'picard_database_pool_connections',
  help: 'PostgreSQL pool connections by state (total, idle, waiting); absent on PGlite.',
  labelNames: ['state'] as const,
  registers: [registry],
  collect() {
    const pool = gaugeSources.pool?.();
    if (!pool) return;
    databasePool.set({ state: 'total' }, pool.total);
    databasePool.set({ state: 'idle' }, pool.idle);
    databasePool.set({ state: 'waiting' }, pool.waiting);
  },
});

export const backgroundJobRuns = new Counter({
  name: 'picard_background_job_runs_total',
  help: 'Background job runs by job (embedding-retry, purge) and outcome.',
  labelNames: ['job', 'outcome'] as const,
  registers: [registry],
});

/**
 * Gauges read at scrape time: the embedding queue and the database pool of
 * the app that owns the database. A failing reader leaves the gauge as it
 * was rather than failing the scrape.
 */
export function readGaugesFrom(sources: typeof gaugeSources): void {
  gaugeSources = sources;
}
