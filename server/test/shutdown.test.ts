import http from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApp } from '../src/app.js';
import { listen } from '../src/http/listen.js';
import { createLogger } from '../src/logger.js';
import type { MemoryStore } from '../src/memories/memory-store.js';
import { createTestStore } from '../../test/support/factories.js';
import { testConfig } from '../../test/support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';

/** A GET over a fresh connection, resolving with status and body. */
function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      })
      .on('error', reject);
  });
}

describe('graceful shutdown', () => {
  let test: TestDatabase;
  let store: MemoryStore;
  beforeAll(async () => {
    test = await createTestDatabase();
    store = await createTestStore(test.db);
  });
  afterAll(() => test.drop());

  /** The real app behind a route that answers only when the test says so. */
  function appWithSlowRoute() {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    const app = express();
    app.get('/slow', async (_req, res) => {
      arrived();
      await released;
      res.send('finished');
    });
    app.use(
      createApp({ config: testConfig(), db: test.db, logger: createLogger('silent', 't'), store }),
    );
    return { app, release, inFlight };
  }

  it('stops accepting, lets the in-flight request finish, then closes', async () => {
    const { app, release, inFlight } = appWithSlowRoute();
    const running = await listen(app, { host: '127.0.0.1', port: 0 });
    const slow = get(running.port, '/slow');
    await inFlight;

    const stopped = running.shutdown(10_000);
    await expect(get(running.port, '/health')).rejects.toThrow(/ECONNREFUSED/);

    release();
    expect(await slow).toEqual({ status: 200, body: 'finished' });
    await stopped;
    expect(running.server.listening).toBe(false);
  });

  it('closes a request that outlives the shutdown timeout', async () => {
    const { app, release, inFlight } = appWithSlowRoute();
    const running = await listen(app, { host: '127.0.0.1', port: 0 });
    const slow = get(running.port, '/slow');
    await inFlight;

    await running.shutdown(50);
    await expect(slow).rejects.toThrow(/socket hang up|ECONNRESET/);
    release();
  });
});
