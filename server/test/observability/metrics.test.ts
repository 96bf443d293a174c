import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openMcpSession } from '../../../scripts/lib/mcp-session.js';
import { tokenRequest, webClientOf } from '../../../scripts/lib/oauth.js';
import { resourceUser, type ResourceUser } from '../../../scripts/lib/resource-users.js';
import { createLogger } from '../../src/logger.js';
import { startBackgroundJobs } from '../../src/memories/background-jobs.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

const TOKEN = 'scrape-me-please-0123456789';

let test: TestDatabase;
let server: TestServer;
let closed: TestServer;
let user: ResourceUser;

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db, { METRICS_TOKEN: TOKEN });
  // No token: no /metrics. One registration an hour, to see a refusal counted
  // (one process, one registry: the other server's scrape shows it).
  closed = await startTestServer(
    test.db,
    { CLIENT_REGISTRATION_RATE_LIMIT_PER_HOUR: '1' },
    { store: server.store },
  );
  user = await resourceUser(server, { prefix: 'obrien' });
});
afterAll(async () => {
  await server.close();
  await closed.close();
  await test.drop();
});

const scrape = async () => {
  const res = await fetch(`${server.url}/metrics`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
};

/** The sample of `name` whose labels include `labels` (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) {
      return Number(match[3]);
    }
  }
  return 0;
}

describe('GET /metrics', () => {
  it('refuses without its token, and is absent when no token is configured', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, {
      headers: { authorization: 'Bearer not-the-token-at-all-00' },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('picard_');
    expect((await fetch(`${closed.url}/metrics`)).status).toBe(404);
  });

  it('counters move with real traffic', async () => {
    const before = await scrape();
    const route = { method: 'POST', route: '/api/v1/memories', status: '201' };

    // REST: a create and a search.
    expect(
      (await user.call('/api/v1/memories', { json: { text: 'The warp core is stable' } })).status,
    ).toBe(201);
    const search = await user.call('/api/v1/memories/search', { json: { query: 'warp core' } });
    expect(search.status).toBe(200);
    // MCP: a tool call.
    const mcpUser = await resourceUser(server, { prefix: 'keiko', resource: 'mcp' });
    const session = await openMcpSession(server.url, mcpUser.accessToken);
    expect(await session.call('query_memory', { query: 'warp core' })).toBe(true);
    // A refused access token and a refused refresh token.
    expect(
      (await fetch(`${server.url}/api/v1/memories`, { headers: { authorization: 'Bearer nope' } }))
        .status,
    ).toBe(401);
    const refused = await tokenRequest(
      server.url,
      { grant_type: 'refresh_token', refresh_token: 'not-a-refresh-token' },
      webClientOf(server),
    );
    expect(refused.body.error).toBe('invalid_grant');
    // Two registrations against a limit of one an hour.
    const register = () =>
      fetch(`${closed.url}/reg`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          redirect_uris: ['http://127.0.0.1:9/cb'],
          token_endpoint_auth_method: 'none',
        }),
      });
    await register();
    expect((await register()).status).toBe(429);
    // One round of the background jobs, with a memory waiting for its vector.
    await test.db.sql.query('UPDATE memories SET embedding = NULL, embedding_model = NULL');
    let embedded!: () => void;
    const round = new Promise<void>((resolve) => (embedded = resolve));
    const stop = startBackgroundJobs({
      db: test.db,
      embeddings: server.store.embeddings,
      logger: createLogger('silent', 'test'),
      retryIntervalMs: 60_000,
      purgeGraceMs: 0,
      onEmbedded: () => embedded(),
    });
    await round;
    await stop();

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(moved('picard_http_requests_total', route)).toBe(1);
    expect(moved('picard_http_request_duration_seconds_count', route)).toBe(1);
    expect(
      moved('picard_operations_total', {
        operation: 'searchMemories',
        surface: 'api',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(moved('picard_operation_duration_seconds_count', { operation: 'searchMemories' })).toBe(
      1,
    );
    expect(moved('picard_mcp_requests_total', { method: 'tools/call', tool: 'query_memory' })).toBe(
      1,
    );
    expect(moved('picard_mcp_requests_total', { method: 'initialize' })).toBe(1);
    expect(moved('picard_operations_total', { operation: 'searchMemories', surface: 'mcp' })).toBe(
      1,
    );
    expect(moved('picard_embedding_calls_total', { outcome: 'success' })).toBeGreaterThanOrEqual(3);
    expect(moved('picard_embedding_duration_seconds_count')).toBeGreaterThanOrEqual(3);
    expect(moved('picard_tokens_issued_total', { grant_type: 'authorization_code' })).toBe(1);
    expect(moved('picard_token_refusals_total', { where: 'token', reason: 'invalid_grant' })).toBe(
      1,
    );
    expect(moved('picard_token_refusals_total', { where: 'api', reason: 'invalid_token' })).toBe(1);
    expect(moved('picard_rate_limit_refusals_total', { limit: 'client-registration' })).toBe(1);
    expect(
      moved('picard_background_job_runs_total', { job: 'embedding-retry', outcome: 'success' }),
    ).toBe(1);
    expect(after).toMatch(/^picard_embedding_queue_depth \d+$/m);
    if (test.db.kind === 'postgres') {
      expect(sample(after, 'picard_database_pool_connections', { state: 'total' })).toBeGreaterThan(
        0,
      );
    }
    // Labels are routes as declared and fixed names: no ids, usernames or text.
    expect(after).not.toContain(user.username);
    expect(after).not.toContain('warp core');
  });
});
