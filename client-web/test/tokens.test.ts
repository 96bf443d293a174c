import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { csrfOf } from '../../scripts/lib/browser.js';
import { signUpOverHttp, startSystem, type TestSystem } from '../../test/support/system.js';

/** Counts refresh-token grants the authorization server answers. */
function countRefreshes(system: TestSystem) {
  const counter = { refreshes: 0 };
  system.server.auth.provider.on('grant.success', (ctx) => {
    if (ctx.oidc.params?.grant_type === 'refresh_token') counter.refreshes += 1;
  });
  return counter;
}

/** Disconnects the web client on the server's account page. */
async function disconnectOnAccountPage(
  system: TestSystem,
  user: Awaited<ReturnType<typeof signUpOverHttp>>,
  username: string,
) {
  const { authServer } = user;
  // Signed in on this browser moments ago: the account page opens without asking again.
  const account = await authServer.request('/account');
  expect(account.body).toContain(`Your account: ${username}`);
  const done = await authServer.request('/account/apps/disconnect', {
    form: {
      _csrf: csrfOf(account.body),
      client_id: system.server.config.oauth.webClient.clientId,
    },
  });
  expect(done.body).toContain('Application disconnected.');
}

describe('access tokens that are always about to expire', () => {
  // A margin as long as the token's lifetime: every request must refresh first.
  let system: TestSystem;
  let counter: { refreshes: number };
  beforeAll(async () => {
    system = await startSystem({
      serverEnv: { ACCESS_TOKEN_TTL_SECONDS: '60' },
      clientEnv: { CLIENT_REFRESH_MARGIN_SECONDS: '60' },
    });
    counter = countRefreshes(system);
  });
  afterAll(() => system.close());

  it('are refreshed transparently, once, however many requests arrive together', async () => {
    const { client } = await signUpOverHttp(system, 'beverly');
    const before = counter.refreshes;
    const pages = await Promise.all(Array.from({ length: 6 }, () => client.request('/memories')));
    expect(pages.map((page) => page.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(pages[0]!.body).toContain('Your memories');
    // One refresh: a second one with the same rotated token would end the grant.
    expect(counter.refreshes - before).toBe(1);

    // The rotated token was kept: the next request refreshes with it and stays signed in.
    const next = await client.request('/memories');
    expect(next.status).toBe(200);
    expect(counter.refreshes - before).toBe(2);
  });

  it('a revoked grant ends the session at the next refresh, with a way to sign in again', async () => {
    const user = await signUpOverHttp(system, 'wesley');
    await disconnectOnAccountPage(system, user, 'wesley');
    const ended = await user.client.request('/memories');
    expect(ended.status).toBe(303);
    expect(ended.location).toBe(`${system.clientUrl}/?ended=1`);
    const landing = await user.client.request(ended.location!);
    expect(landing.body).toContain('Please sign in again');
    expect(landing.body).toContain('href="/login"');
    // The client session is gone, not only the tokens.
    const after = await user.client.request('/memories');
    expect(after.location).toBe(`${system.clientUrl}/login`);
  });
});

describe('access tokens within their lifetime', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(() => system.close());

  it('a revoked grant ends the session at the next request: the API refuses the token', async () => {
    const user = await signUpOverHttp(system, 'deanna');
    await disconnectOnAccountPage(system, user, 'deanna');
    const ended = await user.client.request('/memories');
    expect(ended.status).toBe(303);
    expect(ended.location).toBe(`${system.clientUrl}/?ended=1`);
    const after = await user.client.request('/memories');
    expect(after.location).toBe(`${system.clientUrl}/login`);
  });

  it(`sessions survive a restart of the web client (${process.env.DATABASE_URL ? 'PostgreSQL' : 'file'} store)`, async () => {
    const { client } = await signUpOverHttp(system, 'tasha');
    expect(await system.storedSessions()).toBeGreaterThan(0);
    await system.restartClient();
    const page = await client.request('/memories');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Your memories');
  });
});
