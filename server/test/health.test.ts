import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createApp } from '../src/app.js';
import { createDatabase, type Database } from '../src/db/database.js';
import { createLogger } from '../src/logger.js';
import type { MemoryStore } from '../src/memories/memory-store.js';
import { createTestStore } from '../../test/support/factories.js';
import { testConfig } from '../../test/support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import {
  databaseBehindProxy,
  type DatabaseBehindProxy,
} from '../../test/support/database-behind-proxy.js';

const logger = createLogger('silent', 'test');
const config = testConfig();

// The memory store the app is built with; these tests only use the HTTP shell.
let test: TestDatabase;
let store: MemoryStore;
beforeAll(async () => {
  test = await createTestDatabase();
  store = await createTestStore(test.db);
});
afterAll(() => test.drop());

describe('health and the app shell', () => {
  it('GET /health answers 200 without touching the database', async () => {
    const res = await request(createApp({ config, db: test.db, logger, store })).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('GET /health/ready answers 200 when the database answers', async () => {
    const res = await request(createApp({ config, db: test.db, logger, store })).get(
      '/health/ready',
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { database: 'up' } });
  });

  it('sends helmet’s security headers and no X-Powered-By', async () => {
    const res = await request(createApp({ config, db: test.db, logger, store })).get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('gives every response a request id, keeping a well-formed one from the caller', async () => {
    const app = createApp({ config, db: test.db, logger, store });
    const generated = await request(app).get('/health');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await request(app).get('/health').set('X-Request-Id', 'trace-42');
    expect(kept.headers['x-request-id']).toBe('trace-42');
    const replaced = await request(app).get('/health').set('X-Request-Id', 'bad id\twith spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with a problem document', async () => {
    const res = await request(createApp({ config, db: test.db, logger, store })).get('/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: '/problems/not_found',
      title: 'Not Found',
      status: 404,
      code: 'not_found',
      detail: 'No route for /nope',
    });
  });
});

/**
 * Readiness against a database that goes away and comes back. The database is
 * reached through a TCP proxy we can cut: the real PostgreSQL of DATABASE_URL,
 * or else an embedded PGlite served over the Postgres wire protocol.
 */
describe('GET /health/ready when the database is unreachable', () => {
  let outage: DatabaseBehindProxy;
  let db: Database;

  beforeAll(async () => {
    outage = await databaseBehindProxy();
    db = await createDatabase({ kind: 'postgres', url: outage.url, schema: undefined, poolMax: 1 });
  });

  afterAll(async () => {
    await db.close();
    await outage.close();
  });

  it('answers 503 with a JSON body while it is down, and 200 again once it is back', async () => {
    const app = createApp({ config, db, logger, store });
    expect((await request(app).get('/health/ready')).status).toBe(200);

    await outage.proxy.cut();
    const down = await request(app).get('/health/ready');
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: 'unavailable', checks: { database: 'down' } });
    // Liveness does not depend on the database.
    expect((await request(app).get('/health')).status).toBe(200);

    await outage.proxy.restore();
    const up = await request(app).get('/health/ready');
    expect(up.status).toBe(200);
    expect(up.body).toEqual({ status: 'ready', checks: { database: 'up' } });
  });

  it('answers 503 instead of hanging when the database accepts connections but never replies', async () => {
    const app = createApp({ config, db, logger, store });
    outage.proxy.stall();
    const hung = await request(app).get('/health/ready');
    expect(hung.status).toBe(503);
    expect(hung.body.checks).toEqual({ database: 'down' });

    await outage.proxy.restore();
    // The stalled pool connection times out on its own; readiness then recovers.
    let status = 503;
    for (let attempt = 0; attempt < 10 && status !== 200; attempt += 1) {
      status = (await request(app).get('/health/ready')).status;
    }
    expect(status).toBe(200);
  });
});
