import http from 'node:http';
import { createApp } from '../../server/src/app.js';
import { listen } from '../../server/src/http/listen.js';
import { createLogger } from '../../server/src/logger.js';
import { openBenchDatabase } from './bench-database.js';
import { percentile } from './stats.js';

/**
 * Requests/s and latency of the HTTP shell (liveness, readiness) on the real
 * app listening on a real port, `concurrency` keep-alive requests at a time.
 */
export async function runHttpBench({
  requests,
  concurrency,
}: {
  requests: number;
  concurrency: number;
}) {
  const { config, db, drop } = await openBenchDatabase();
  const running = await listen(createApp({ config, db, logger: createLogger('silent', 'bench') }), {
    host: '127.0.0.1',
    port: 0,
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

  const get = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      http
        .get({ host: '127.0.0.1', port: running.port, path, agent }, (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200
              ? resolve(performance.now() - started)
              : reject(new Error(`${path}: ${res.statusCode}`)),
          );
        })
        .on('error', reject);
    });

  const measure = async (path: string) => {
    for (let i = 0; i < 50; i += 1) await get(path); // warm-up
    const latencies: number[] = [];
    let sent = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (sent < requests) {
          sent += 1;
          latencies.push(await get(path));
        }
      }),
    );
    return { rps: Math.round(requests / ((performance.now() - started) / 1000)), latencies };
  };

  try {
    const health = await measure('/health');
    const ready = await measure('/health/ready');
    return {
      health_rps: health.rps,
      health_p50_ms: percentile(health.latencies, 0.5),
      ready_rps: ready.rps,
      ready_p50_ms: percentile(ready.latencies, 0.5),
      ready_ratio: Math.round((ready.rps / health.rps) * 100) / 100,
    };
  } finally {
    agent.destroy();
    await running.shutdown(1_000);
    await drop();
  }
}
