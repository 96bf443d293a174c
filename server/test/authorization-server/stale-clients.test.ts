import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Browser } from '../../../scripts/lib/browser.js';
import { callbackParams, pkce, tokenRequest } from '../../../scripts/lib/oauth.js';
import { createClientDirectory } from '../../src/admin/client-directory.js';
import { purgeStaleClients } from '../../src/authorization-server/purge-stale-clients.js';
import { createLogger } from '../../src/logger.js';
import { startBackgroundJobs } from '../../src/memories/background-jobs.js';
import { authorizeAsPerson, registerClient } from '../../../test/support/dynamic-clients.js';
import { manualClock } from '../../../test/support/factories.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

let test: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db);
});
afterAll(async () => {
  await server.close();
  await test.drop();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const retention = { neverAuthorizedMs: 24 * HOUR, unusedMs: 90 * DAY };
const REDIRECT = 'http://127.0.0.1:7000/callback';

/** Registers a native client as MCP clients do; returns its id. */
async function registered(name: string): Promise<string> {
  const { status, body } = await registerClient(server.url, {
    client_name: name,
    redirect_uris: [REDIRECT],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'none',
  });
  expect(status).toBe(201);
  return String(body.client_id);
}

/** Runs one authorization to the end (a code exchanged for tokens); returns the tokens. */
async function authorized(clientId: string, username: string) {
  const verifier = pkce();
  const { page } = await authorizeAsPerson(
    new Browser(server.url),
    {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      scope: 'memories:read',
      state: 's',
      code_challenge: verifier.challenge,
      code_challenge_method: 'S256',
    },
    { username, password: 'there are four lights', signUp: true },
  );
  const tokens = await tokenRequest(
    server.url,
    {
      grant_type: 'authorization_code',
      code: callbackParams(page).get('code')!,
      redirect_uri: REDIRECT,
      code_verifier: verifier.verifier,
    },
    { id: clientId },
  );
  expect(tokens.status).toBe(200);
  return tokens.body;
}

const clientRows = (clientId: string) =>
  test.db.sql.query<{ type: string }>(
    `SELECT type FROM oidc_payloads
      WHERE (type = 'Client' AND id = $1) OR payload->>'clientId' = $1`,
    [clientId],
  );

describe('clean-up of dynamically registered clients (injected clock)', () => {
  it('deletes registrations never completed after 24 hours and unused ones after 90 days', async () => {
    const abandoned = await registered('Abandoned sign-in');
    const used = await registered('Used client');
    const tokens = await authorized(used, `stale-${Date.now() % 100000}`);
    expect(await test.db.prisma.clientActivity.findUnique({ where: { clientId: used } })).toEqual({
      clientId: used,
      lastUsedAt: expect.any(Date),
    });

    const clock = manualClock(new Date());
    clock.advance(23 * HOUR);
    expect(await purgeStaleClients(test.db, retention, clock.now())).toBe(0);

    clock.advance(2 * HOUR); // 25 hours after registering
    expect(await purgeStaleClients(test.db, retention, clock.now())).toBe(1);
    expect(await clientRows(abandoned)).toEqual([]);
    expect((await clientRows(used)).map((row) => row.type)).toContain('Client');

    clock.advance(88 * DAY); // 89 days and a day after the last token
    expect(await purgeStaleClients(test.db, retention, clock.now())).toBe(0);
    clock.advance(2 * DAY);
    expect(await purgeStaleClients(test.db, retention, clock.now())).toBe(1);
    // Its grant, refresh token, consent and activity went with it.
    expect(await clientRows(used)).toEqual([]);
    expect(await test.db.prisma.rememberedConsent.count({ where: { clientId: used } })).toBe(0);
    expect(await test.db.prisma.grantActivity.count({ where: { clientId: used } })).toBe(0);
    expect(await test.db.prisma.clientActivity.count({ where: { clientId: used } })).toBe(0);

    // RFC 6749 §5.2: the client must register again.
    const refresh = await tokenRequest(
      server.url,
      { grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token) },
      { id: used },
    );
    expect(refresh).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('counts a refresh as a use', async () => {
    const clientId = await registered('Refreshing client');
    const tokens = await authorized(clientId, `fresh-${Date.now() % 100000}`);
    // As if the code had been exchanged 60 days ago.
    await test.db.prisma.clientActivity.update({
      where: { clientId },
      data: { lastUsedAt: new Date(Date.now() - 60 * DAY) },
    });
    const refreshed = await tokenRequest(
      server.url,
      { grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token) },
      { id: clientId },
    );
    expect(refreshed.status).toBe(200);
    const clock = manualClock(new Date());
    clock.advance(60 * DAY); // 120 days after the code exchange, 60 after the refresh
    await purgeStaleClients(test.db, retention, clock.now());
    expect((await clientRows(clientId)).map((row) => row.type)).toContain('Client');
  });

  it('shows a page, not a redirect, when a deleted client sends someone to /auth', async () => {
    const clientId = await registered('Soon gone');
    const clock = manualClock(new Date());
    clock.advance(25 * HOUR);
    await purgeStaleClients(test.db, retention, clock.now());
    const page = await new Browser(server.url).follow(
      `/auth?${new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: REDIRECT,
        scope: 'memories:read',
        state: 's',
        code_challenge: pkce().challenge,
        code_challenge_method: 'S256',
      })}`,
    );
    expect(page.status).toBe(400);
    expect(page.location).toBeUndefined();
    expect(page.body).toContain('This application is not registered with Picard');
    expect(page.body).toContain('connect it again');
  });

  it('never touches the pre-registered web client', async () => {
    const clock = manualClock(new Date());
    clock.advance(10 * 365 * DAY);
    await purgeStaleClients(test.db, retention, clock.now());
    const client = await server.auth.provider.Client.find(server.config.oauth.webClient.clientId);
    expect(client?.clientId).toBe(server.config.oauth.webClient.clientId);
  });

  it('never touches a client an administrator registered, however long unused', async () => {
    const directory = createClientDirectory({
      db: test.db,
      provider: server.auth.provider,
      revocation: server.auth.revocation,
      webClient: server.config.oauth.webClient,
      accessTokenTtlSeconds: server.config.oauth.accessTokenTtlSeconds,
      allowHttp: true,
    });
    const { clientId } = await directory.create({
      name: 'Sickbay dashboard',
      redirectUris: [REDIRECT],
    });
    const clock = manualClock(new Date());
    clock.advance(10 * 365 * DAY);
    await purgeStaleClients(test.db, retention, clock.now());
    expect((await server.auth.provider.Client.find(clientId))?.clientId).toBe(clientId);
  });

  it('runs in the purge job of the background jobs', async () => {
    const clientId = await registered('Registered yesterday');
    await test.db.sql.query(
      `UPDATE oidc_payloads
          SET payload = jsonb_set(payload, '{client_id_issued_at}', to_jsonb($2::bigint))
        WHERE type = 'Client' AND id = $1`,
      [clientId, Math.floor((Date.now() - 25 * HOUR) / 1000)],
    );
    let purged!: (count: number) => void;
    const done = new Promise<number>((resolve) => (purged = resolve));
    const stop = startBackgroundJobs({
      db: test.db,
      embeddings: server.store.embeddings,
      logger: createLogger('silent', 'test'),
      retryIntervalMs: 60_000,
      purgeGraceMs: 0,
      clientRetention: retention,
      firstPurgeDelayMs: 0,
      onClientsPurged: purged,
    });
    try {
      expect(await done).toBe(1);
      expect(await clientRows(clientId)).toEqual([]);
    } finally {
      await stop();
    }
  });
});
