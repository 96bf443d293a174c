import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { spawnApp, type SpawnedApp } from '../../../scripts/lib/spawn-app.js';
import { resourceUser, type ResourceUser } from '../../../scripts/lib/resource-users.js';
import {
  FAKE_DIMENSIONS,
  startFakeOpenAI,
  type FakeOpenAI,
} from '../../../test/support/fake-openai.js';
import {
  createTestSchema,
  dropTestSchema,
  usingPostgres,
} from '../../../test/support/test-database.js';

/**
 * An import of 5,000 memories survives the server being killed mid-way
 * through their embedding: the real server process (PGlite in a folder, or a
 * PostgreSQL schema) is killed with SIGKILL while embeddings are still
 * pending, started again, and finishes the job: nothing lost, nothing doubled.
 * The embedding provider is a fake OpenAI server the test can hold, so "mid-way"
 * is exact rather than a race.
 */

const SERVER = 'server/src/main.ts';
const COUNT = 5_000;
let openai: FakeOpenAI;
let dataDir: string;
let schema: string | undefined;
let env: Record<string, string>;
let running: SpawnedApp | undefined;

/** A port free now, so the restarted server keeps its public URL (the token issuer). */
async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Resolves once `condition` holds, checked every `everyMs` (a poll interval,
 * so asking the server does not crowd out the work it is asked about).
 */
async function until(condition: () => boolean | Promise<boolean>, everyMs = 0): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, everyMs));
}

beforeAll(async () => {
  openai = await startFakeOpenAI();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'picard-import-restart-'));
  schema = usingPostgres ? await createTestSchema() : undefined;
  const port = await freePort();
  env = {
    DATA_DIR: dataDir,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    OPENAI_API_KEY: 'sk-test-key',
    OPENAI_BASE_URL: openai.url,
    EMBEDDING_PROVIDER: 'openai',
    EMBEDDING_MODEL: 'fake-embed',
    EMBEDDING_DIMENSIONS: String(FAKE_DIMENSIONS),
    EMBEDDING_RETRY_INTERVAL_MS: '1000',
    ...(schema ? { DATABASE_URL: `${process.env.DATABASE_URL}?schema=${schema}` } : {}),
  };
});
afterAll(async () => {
  await running?.stop('SIGKILL');
  await openai.close();
  if (schema) await dropTestSchema(schema);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('an import interrupted by a crash', () => {
  it('resumes after a restart: all 5,000 memories embedded once, nothing doubled', async () => {
    running = spawnApp(SERVER, env);
    const url = await running.ready;
    const config = loadConfig({ ...env });
    const user: ResourceUser = await resourceUser({ url, config }, { prefix: 'barclay' });
    const status = async () => {
      const res = await user.call(`/api/v1/me/imports/${importId}`);
      expect(res.status).toBe(200);
      return (await res.json()) as { embedded: number; pending: number; status: string };
    };

    // The provider holds every request: nothing is embedded until the test lets one through.
    openai.hang(true);
    const content = Array.from(
      { length: COUNT },
      (_, i) =>
        `- Holodeck program ${i}: ${i % 7 === 0 ? 'Sherlock Holmes' : 'Dixon Hill'} case ${i}`,
    ).join('\n');
    const started = await user.call('/api/v1/me/imports', { json: { content } });
    expect(started.status).toBe(202);
    const importId = ((await started.json()) as { importId: string }).importId;

    // Let one batch through, then hold the next one and kill the server in the middle.
    await until(() => openai.held > 0);
    openai.hang(false);
    openai.hang(true);
    await until(async () => openai.held > 0 && (await status()).embedded > 0, 50);
    const before = await status();
    expect(before.embedded).toBeGreaterThan(0);
    expect(before.pending).toBeGreaterThan(0);
    expect(before.embedded + before.pending).toBe(COUNT);
    expect(await running.stop('SIGKILL')).toBe('SIGKILL');

    openai.hang(false);
    running = spawnApp(SERVER, env);
    await running.ready;
    await until(async () => (await status()).status === 'done', 250);
    expect(await status()).toMatchObject({ embedded: COUNT, pending: 0, status: 'done' });

    // Exactly the file's memories, once each.
    const exported = await (await user.call('/api/v1/me/export')).text();
    expect(exported.trim().split('\n').at(-1)).toBe(`{"type":"end","memories":${COUNT}}`);
    const again = await user.call('/api/v1/me/imports', { json: { content } });
    expect(await again.json()).toMatchObject({ imported: 0, skippedCount: COUNT });
    expect(await running.stop('SIGTERM')).toBe(0);
  }, 300_000);
});
