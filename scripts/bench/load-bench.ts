import { openMcpSession } from '../lib/mcp-session.js';
import { admin, withSchema } from './bench-database.js';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/src/config.js';
import { generateSecrets } from '../../server/src/secrets.js';
import { resourceUser, type ResourceUser } from '../lib/resource-users.js';
import { spawnApp } from '../lib/spawn-app.js';
import { runEncoderBench } from './encoder-bench.js';
import { percentile } from './stats.js';
import { seededRandom, syntheticMemory, variedQuestion } from './synthetic-text.js';

const random = seededRandom(1701);
const memoryText = (index: number) => syntheticMemory(random, index);
const question = () => variedQuestion(random);

/** A request that has not answered after this long counts as a timeout (a client gives up). */
const TIMEOUT_MS = 30_000;

type Kind = 'create' | 'get' | 'list' | 'search' | 'mcp_query' | 'health';

/** The traffic mix: writes and searches embed text, the rest only read. */
const MIX: [Kind, number][] = [
  ['create', 0.3],
  ['get', 0.2],
  ['list', 0.15],
  ['search', 0.2],
  ['mcp_query', 0.1],
  ['health', 0.05],
];

interface Sample {
  kind: Kind;
  ms: number;
  outcome: 'ok' | 'error' | 'timeout';
}

/**
 * `npm run bench -- --load`: the real server (`server/src/main.ts`, in its
 * own process, as `npm start` runs it) under `clients` concurrent closed-loop
 * clients of mixed traffic for `seconds`; throughput, p50/p95/p99 and
 * timeouts per kind of request, and `/health` latency measured by one more
 * client while the others run (the event loop's responsiveness). Then MCP
 * `query_memory` at 8 concurrent requests. First, before the server starts,
 * the offline encoder's own ceiling on this machine (see
 * {@link runEncoderBench}). Loopback only; bounded in time and count.
 */
export async function runLoadBench({
  clients,
  seconds,
  mcpRequests,
  profileDir,
  log,
}: {
  clients: number;
  seconds: number;
  mcpRequests: number;
  /** Writes the server's CPU profiles (main thread and encoder worker) there. */
  profileDir?: string;
  log: (line: string) => void;
}) {
  log('measuring the offline encoder alone');
  const encoder = await runEncoderBench();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const databaseUrl = process.env.DATABASE_URL;
  const schema = databaseUrl ? `bench_${randomBytes(4).toString('hex')}` : undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-load-'));
  if (databaseUrl) await admin(databaseUrl, `CREATE SCHEMA "${schema}"`);
  const secrets = generateSecrets();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: withSchema(databaseUrl, schema!) } : {}),
    COOKIE_KEYS: secrets.cookieKeys.join(','),
    MEMORY_ENCRYPTION_KEY: secrets.memoryEncryptionKey,
    OIDC_JWKS: JSON.stringify({ keys: secrets.jwks }),
    OAUTH_CLIENT_SECRET: secrets.oauthClientSecret,
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    TOKEN_RATE_LIMIT_PER_MINUTE: '100000',
    REGISTRATION_RATE_LIMIT_PER_HOUR: '100000',
    CLIENT_REGISTRATION_RATE_LIMIT_PER_HOUR: '100000',
    // 50 clients share 14 accounts and a few applications, so a fast machine
    // would meet the per-user and per-client limits, which have their own tests.
    USER_RATE_LIMIT_PER_MINUTE: '1000000',
    CLIENT_RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'warn',
  };
  const config = loadConfig(env);
  const app = spawnApp(
    'server/src/main.ts',
    env,
    profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  );
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients + 8 });
  try {
    await app.ready;
    const server = { url, config };
    log('signing up users');
    const apiUsers: ResourceUser[] = [];
    for (let i = 0; i < 10; i += 1) apiUsers.push(await resourceUser(server, { prefix: 'load' }));
    const mcpSessions: Awaited<ReturnType<typeof openMcpSession>>[] = [];
    for (let i = 0; i < 4; i += 1) {
      const user = await resourceUser(server, { prefix: 'load-mcp', resource: 'mcp' });
      mcpSessions.push(await openMcpSession(url, user.accessToken, 'picard-load'));
    }
    log('seeding 20 memories per user');
    const ids = new Map<ResourceUser, string[]>();
    let seed = 0;
    for (const user of apiUsers) {
      const mine: string[] = [];
      for (let i = 0; i < 20; i += 1) {
        const res = await user.call('/api/v1/memories', { json: { text: memoryText(seed++) } });
        mine.push(((await res.json()) as { id: string }).id);
      }
      ids.set(user, mine);
    }

    const send = (
      method: string,
      requestPath: string,
      headers: Record<string, string>,
      body?: string,
    ): Promise<Omit<Sample, 'kind'>> =>
      new Promise((resolve) => {
        const started = performance.now();
        const done = (outcome: Sample['outcome']) =>
          resolve({ ms: performance.now() - started, outcome });
        const req = http.request(
          { host: '127.0.0.1', port, path: requestPath, method, headers, agent },
          (res) => {
            res.resume();
            res.on('end', () => done(res.statusCode! < 300 ? 'ok' : 'error'));
          },
        );
        req.setTimeout(TIMEOUT_MS, () => {
          req.destroy();
          done('timeout');
        });
        req.on('error', () => done('error'));
        req.end(body);
      });

    const json = (token: string) => ({
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    });
    const request = (kind: Kind, client: number, n: number) => {
      const user = apiUsers[client % apiUsers.length]!;
      const mine = ids.get(user)!;
      const mcp = mcpSessions[client % mcpSessions.length]!;
      switch (kind) {
        case 'create':
          return send(
            'POST',
            '/api/v1/memories',
            json(user.accessToken),
            JSON.stringify({ text: memoryText(seed++) }),
          );
        case 'get':
          return send('GET', `/api/v1/memories/${mine[n % mine.length]}`, json(user.accessToken));
        case 'list':
          return send('GET', '/api/v1/memories?limit=20', json(user.accessToken));
        case 'search':
          return send(
            'POST',
            '/api/v1/memories/search',
            json(user.accessToken),
            JSON.stringify({ query: question(), limit: 10 }),
          );
        case 'mcp_query':
          return send(
            'POST',
            '/mcp',
            mcp.headers,
            mcp.body('query_memory', { query: question(), limit: 5 }),
          );
        case 'health':
          return send('GET', '/health', {});
      }
    };
    const pick = (): Kind => {
      let r = Math.random();
      for (const [kind, share] of MIX) if ((r -= share) < 0) return kind;
      return 'health';
    };

    log(`${clients} clients of mixed traffic for ${seconds} s`);
    const samples: Sample[] = [];
    const healthProbe: number[] = [];
    const deadline = performance.now() + seconds * 1000;
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const { ms, outcome } = await send('GET', '/health', {});
        if (outcome === 'ok') healthProbe.push(ms);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        for (let n = 0; performance.now() < deadline; n += 1) {
          const kind = pick();
          samples.push({ kind, ...(await request(kind, client, n)) });
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    probing = false;
    await probe;

    const byKind = Object.fromEntries(
      MIX.map(([kind]) => {
        const mine = samples.filter((sample) => sample.kind === kind);
        const answered = mine.filter((sample) => sample.outcome !== 'timeout').map((s) => s.ms);
        return [
          kind,
          {
            requests: mine.length,
            rps: Math.round((mine.length / elapsed) * 10) / 10,
            p50_ms: percentile(answered, 0.5),
            p95_ms: percentile(answered, 0.95),
            p99_ms: percentile(answered, 0.99),
            errors: mine.filter((sample) => sample.outcome === 'error').length,
            timeouts: mine.filter((sample) => sample.outcome === 'timeout').length,
          },
        ];
      }),
    );
    const all = samples.map((sample) => sample.ms);

    log(`MCP query_memory, ${mcpRequests} requests, 8 at a time`);
    const mcp = mcpSessions[0]!;
    const latencies: number[] = [];
    let sent = 0;
    let failed = 0;
    const mcpStarted = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (sent < mcpRequests) {
          sent += 1;
          const { ms, outcome } = await send(
            'POST',
            '/mcp',
            mcp.headers,
            mcp.body('query_memory', { query: question(), limit: 5 }),
          );
          if (outcome === 'ok') latencies.push(ms);
          else failed += 1;
        }
      }),
    );
    const mcpElapsed = (performance.now() - mcpStarted) / 1000;

    return {
      database: databaseUrl ? 'postgresql' : 'pglite',
      load_clients: clients,
      load_seconds: seconds,
      load_rps: Math.round(samples.length / elapsed),
      load_p50_ms: percentile(all, 0.5),
      load_p95_ms: percentile(all, 0.95),
      load_p99_ms: percentile(all, 0.99),
      load_timeouts: samples.filter((sample) => sample.outcome === 'timeout').length,
      load_errors: samples.filter((sample) => sample.outcome === 'error').length,
      load_by_kind: byKind,
      load_health_p50_ms: percentile(healthProbe, 0.5),
      load_health_p99_ms: percentile(healthProbe, 0.99),
      load_health_max_ms: percentile(healthProbe, 1),
      mcp_query8_rps: Math.round(mcpRequests / mcpElapsed),
      mcp_query8_p50_ms: percentile(latencies, 0.5),
      mcp_query8_failed: failed,
      ...encoder,
    };
  } finally {
    agent.destroy();
    await app.stop('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) await admin(databaseUrl, `DROP SCHEMA "${schema}" CASCADE`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
