import { openMcpSession } from '../lib/mcp-session.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/src/app.js';
import { createAuthorizationServer } from '../../server/src/authorization-server/authorization-server.js';
import { createLogger } from '../../server/src/logger.js';
import { createMemoryStore } from '../../server/src/memories/memory-store.js';
import { resourceUser } from '../lib/resource-users.js';
import { openBenchDatabase } from './bench-database.js';
import { percentile } from './stats.js';

interface Call {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** A fresh body per request (JSON-RPC ids must not repeat while in flight). */
  body?: () => string;
}

/**
 * Requests/s and latency of the HTTP surfaces on the real app listening on a
 * real port, `concurrency` keep-alive requests at a time: unauthenticated
 * liveness and readiness, an authenticated REST read, and an MCP
 * `query_memory` call, each read as a ratio of /health's rate in the same run.
 */
export async function runHttpBench({
  requests,
  concurrency,
  log,
}: {
  requests: number;
  concurrency: number;
  log: (line: string) => void;
}) {
  // The issuer must be known before the app is built, so the port comes first.
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const { config, db, drop } = await openBenchDatabase({
    PUBLIC_URL: url,
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    TOKEN_RATE_LIMIT_PER_MINUTE: '100000',
    // One user's token sends every request here, thousands a minute: this
    // measures the surfaces, not the per-user and per-client limits (which
    // have their own tests), which answered 429 within a default run.
    USER_RATE_LIMIT_PER_MINUTE: '1000000',
    CLIENT_RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const logger = createLogger('silent', 'bench');
  const store = await createMemoryStore({ config, db, logger });
  const auth = createAuthorizationServer({ config, db, logger });
  server.on('request', createApp({ config, db, logger, store, auth }));
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

  const send = ({ method = 'GET', path, headers = {}, body }: Call) =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      const req = http.request({ host: '127.0.0.1', port, path, method, headers, agent }, (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(performance.now() - started)
            : reject(new Error(`${method} ${path}: ${res.statusCode}`)),
        );
      });
      req.on('error', reject);
      req.end(body?.());
    });

  const measure = async (call: Call) => {
    log(`${call.method ?? 'GET'} ${call.path.replace(/[0-9a-f-]{36}/, '{id}')}`);
    for (let i = 0; i < 50; i += 1) await send(call); // warm-up
    const latencies: number[] = [];
    let sent = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (sent < requests) {
          sent += 1;
          latencies.push(await send(call));
        }
      }),
    );
    return { rps: Math.round(requests / ((performance.now() - started) / 1000)), latencies };
  };

  try {
    const testServer = { url, config };
    const apiUser = await resourceUser(testServer, { prefix: 'bench', resource: 'api' });
    const mcpUser = await resourceUser(testServer, { prefix: 'bench-mcp', resource: 'mcp' });
    const created = await apiUser.call('/api/v1/memories', {
      json: { text: 'Benchmarks are measured, never asserted', tags: ['bench'] },
    });
    const memory = (await created.json()) as { id: string };
    const mcp = await openMcpSession(url, mcpUser.accessToken);
    if (!(await mcp.call('submit_memory', { text: 'Tea, Earl Grey, hot' }))) {
      throw new Error('MCP submit_memory failed');
    }

    const health = await measure({ path: '/health' });
    const ready = await measure({ path: '/health/ready' });
    const apiGet = await measure({
      path: `/api/v1/memories/${memory.id}`,
      headers: { authorization: `Bearer ${apiUser.accessToken}` },
    });
    const mcpQuery = await measure({
      method: 'POST',
      path: '/mcp',
      headers: mcp.headers,
      body: () => mcp.body('query_memory', { query: 'hot tea', limit: 5 }),
    });
    const ratio = (rps: number) => Math.round((rps / health.rps) * 100) / 100;
    return {
      health_rps: health.rps,
      health_p50_ms: percentile(health.latencies, 0.5),
      ready_rps: ready.rps,
      ready_p50_ms: percentile(ready.latencies, 0.5),
      ready_ratio: ratio(ready.rps),
      api_get_rps: apiGet.rps,
      api_get_p50_ms: percentile(apiGet.latencies, 0.5),
      api_get_ratio: ratio(apiGet.rps),
      mcp_query_rps: mcpQuery.rps,
      mcp_query_p50_ms: percentile(mcpQuery.latencies, 0.5),
      mcp_query_ratio: ratio(mcpQuery.rps),
    };
  } finally {
    agent.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await drop();
  }
}
