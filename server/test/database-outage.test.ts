import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDatabase, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { resourceUser, type ResourceUser } from '../../scripts/lib/resource-users.js';
import { webClientOf, tokenRequest } from '../../scripts/lib/oauth.js';
import {
  databaseBehindProxy,
  type DatabaseBehindProxy,
} from '../../test/support/database-behind-proxy.js';
import { createTestSchema, dropTestSchema } from '../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../test/support/test-server.js';

/**
 * The whole server over a database that goes away mid-run: the real
 * PostgreSQL of DATABASE_URL, or else an embedded PGlite served over the
 * Postgres wire protocol, reached through a TCP proxy the test can cut.
 */
let outage: DatabaseBehindProxy;
let db: Database;
let server: TestServer;
let schema: string | undefined;
let data: ResourceUser;
let mcp: ResourceUser;

beforeAll(async () => {
  outage = await databaseBehindProxy();
  if (!outage.embedded) schema = await createTestSchema();
  // PGlite's socket server serves one connection at a time.
  db = await createDatabase({
    kind: 'postgres',
    url: outage.url,
    schema,
    poolMax: outage.embedded ? 1 : 2,
  });
  await migrate(db.sql);
  server = await startTestServer(db);
  data = await resourceUser(server, { prefix: 'data' });
  mcp = await resourceUser(server, { prefix: 'lore', resource: 'mcp' });
});

afterAll(async () => {
  await server.close();
  await db.close();
  await outage.close();
  if (schema) await dropTestSchema(schema);
});

const LEAKS = /prisma|ECONNREFUSED|node_modules|\/work\/|\bat [\w.<>$]+ \(/i;

describe('during a database outage', () => {
  it('REST, MCP and the token endpoint answer 503 with Retry-After, and recover once it is back', async () => {
    expect((await data.call('/api/v1/memories')).status).toBe(200);

    await outage.proxy.cut();
    try {
      const list = await data.call('/api/v1/memories');
      expect(list.status).toBe(503);
      expect(list.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(list.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = await list.text();
      expect(JSON.parse(problem)).toMatchObject({
        status: 503,
        code: 'service_unavailable',
        title: 'Service Unavailable',
        detail: expect.stringMatching(/temporarily unavailable/),
      });
      expect(problem).not.toMatch(LEAKS);

      const create = await data.call('/api/v1/memories', { json: { text: 'Spot the cat' } });
      expect(create.status).toBe(503);
      expect(create.headers.get('retry-after')).toMatch(/^\d+$/);

      const rpc = await mcp.call('/mcp', {
        json: {
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2025-06-18',
            capabilities: {},
            clientInfo: { name: 'outage', version: '1' },
          },
        },
        headers: { accept: 'application/json, text/event-stream' },
      });
      expect(rpc.status).toBe(503);
      expect(rpc.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await rpc.text()).not.toMatch(LEAKS);

      const token = await tokenRequest(
        server.url,
        { grant_type: 'refresh_token', refresh_token: String(data.refreshToken) },
        webClientOf(server),
      );
      expect(token.status).toBe(503);
      expect(token.body).toMatchObject({ error: 'temporarily_unavailable' });
    } finally {
      await outage.proxy.restore();
    }

    let status = 503;
    for (let attempt = 0; attempt < 10 && status !== 200; attempt += 1) {
      status = (await data.call('/api/v1/memories')).status;
    }
    expect(status).toBe(200);
  });
});
