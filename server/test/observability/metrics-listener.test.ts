import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { REPO_ROOT, spawnApp, type SpawnedApp } from '../../../scripts/lib/spawn-app.js';

const SERVER = path.join(REPO_ROOT, 'server/src/main.ts');
let dataDir: string;
let server: SpawnedApp;
let listening: string;
let metricsUrl: string | undefined;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-metrics-'));
  // The whole server as `npm start` runs it, with its internal metrics listener on a free port.
  server = spawnApp(SERVER, { DATA_DIR: dataDir, PORT: '0', METRICS_PORT: '0' });
  // The ready message names the metrics listener's address too.
  server.child.on('message', (message: { type?: string; metrics?: string }) => {
    if (message.type === 'ready') metricsUrl = message.metrics;
  });
  listening = await server.ready;
}, 120_000);
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('METRICS_PORT', () => {
  it('serves /metrics without a token on the internal listener only', async () => {
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const port = new URL(metricsUrl!).port;
    expect((await fetch(`${listening}/health`)).status).toBe(200);
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(
      /^picard_http_requests_total\{method="GET",route="\/health",status="200"\} \d+$/m,
    );
    // Nothing else is served there, and the public port has no /metrics without METRICS_TOKEN.
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(404);
    expect((await fetch(`${listening}/metrics`)).status).toBe(404);
  });
});
