/**
 * `npm run bench [-- --requests N] [-- --json]`: measures the running product
 * on this machine. Timing goals live here, never in tests. Figures are medians
 * and percentiles from one run; compare them as ratios within that run.
 *
 * Today it measures the HTTP shell (liveness and readiness on the embedded
 * database); the memory-store and API benchmarks extend it.
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import { createApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { generateSecrets } from '../server/src/dev-secrets.js';
import { createDatabase } from '../server/src/db/database.js';
import { migrate } from '../server/src/db/migrate.js';
import { listen } from '../server/src/http/listen.js';
import { createLogger } from '../server/src/logger.js';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    json: { type: 'boolean', default: false },
  },
});
const requests = Number(args.requests);
const concurrency = Number(args.concurrency);

const secrets = generateSecrets();
const config = loadConfig({
  NODE_ENV: 'test',
  PGLITE_DIR: 'memory://',
  COOKIE_KEYS: secrets.cookieKeys.join(','),
  MEMORY_ENCRYPTION_KEY: secrets.memoryEncryptionKey,
  OIDC_JWKS: JSON.stringify({ keys: secrets.jwks }),
});
const db = await createDatabase(config.database);
await migrate(db.sql);
const running = await listen(createApp({ config, db, logger: createLogger('silent', 'bench') }), {
  host: '127.0.0.1',
  port: 0,
});
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function get(path: string): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: running.port, path, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`${path}: ${res.statusCode}`));
          else resolve(Number(process.hrtime.bigint() - started) / 1e6);
        });
      })
      .on('error', reject);
  });
}

/** Sends `count` requests, `concurrency` at a time; returns latencies and requests/s. */
async function measure(path: string, count: number) {
  for (let i = 0; i < 50; i += 1) await get(path); // warm-up
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        latencies.push(await get(path));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { rps: Math.round(count / seconds), p50: at(0.5), p95: at(0.95) };
}

const health = await measure('/health', requests);
const ready = await measure('/health/ready', requests);
const round = (ms: number) => Math.round(ms * 100) / 100;
const result = {
  requests,
  concurrency,
  health_rps: health.rps,
  health_p50_ms: round(health.p50),
  ready_rps: ready.rps,
  ready_p50_ms: round(ready.p50),
  ready_p95_ms: round(ready.p95),
  ready_ratio: Math.round((ready.rps / health.rps) * 100) / 100,
};

if (args.json) {
  console.log(JSON.stringify(result));
} else {
  console.log(`Picard bench: ${requests} requests per endpoint, ${concurrency} at a time\n`);
  console.log(`GET /health         ${health.rps} req/s   p50 ${round(health.p50)} ms`);
  console.log(
    `GET /health/ready   ${ready.rps} req/s   p50 ${round(ready.p50)} ms   p95 ${round(ready.p95)} ms   (${result.ready_ratio}x of /health)`,
  );
}

agent.destroy();
await running.shutdown(1_000);
await db.close();
