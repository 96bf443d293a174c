import net from 'node:net';
import type { AddressInfo } from 'node:net';
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

/** What a broken server answers in place of the real one (RFC 9457 problem, or an OAuth error). */
const FAILURES = {
  // The API and every route during a database outage (server/src/http/problem.ts).
  unavailable: {
    status: '503 Service Unavailable',
    type: 'application/problem+json',
    body: JSON.stringify({
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      code: 'service_unavailable',
      detail: 'The service is temporarily unavailable.',
    }),
  },
  // A token endpoint that fails inside (RFC 6749 §5.2 defines no 5xx; servers send this).
  server_error: {
    status: '500 Internal Server Error',
    type: 'application/json',
    body: JSON.stringify({ error: 'server_error', error_description: 'oops' }),
  },
} as const;

/**
 * A TCP relay between the web client and the server that can break: cut
 * (every open connection dropped and new ones refused, as when the server's
 * host goes away) or answering every request with one failure, then mended.
 */
async function breakableRelay() {
  let target = 0;
  let broken: 'cut' | keyof typeof FAILURES | undefined;
  const open = new Set<net.Socket>();
  const relay = net.createServer((socket) => {
    socket.on('error', () => undefined);
    if (broken === 'cut') return socket.destroy();
    if (broken) {
      const { status, type, body } = FAILURES[broken];
      socket.once('data', () =>
        socket.end(
          `HTTP/1.1 ${status}\r\ncontent-type: ${type}\r\nretry-after: 5\r\n` +
            `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
        ),
      );
      return;
    }
    const upstream = net.connect(target, '127.0.0.1');
    for (const end of [socket, upstream]) {
      open.add(end);
      end.on('close', () => open.delete(end));
      end.on('error', () => undefined);
    }
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`,
    /** Relays to this server from now on (connections kept alive to another are dropped). */
    to(url: string) {
      const port = Number(new URL(url).port);
      if (port !== target) for (const socket of open) socket.destroy();
      target = port;
    },
    break(how: 'cut' | keyof typeof FAILURES) {
      broken = how;
      for (const socket of open) socket.destroy();
    },
    mend() {
      broken = undefined;
    },
    close() {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => relay.close(resolve));
    },
  };
}

describe('when the server cannot be reached or cannot serve', () => {
  // The client talks to the server through the relay (its internal URL);
  // browsers still see the server's own address as the issuer. One system
  // refreshes before every request, the other never needs to.
  let relay: Awaited<ReturnType<typeof breakableRelay>>;
  let refreshing: TestSystem;
  let steady: TestSystem;
  beforeAll(async () => {
    relay = await breakableRelay();
    refreshing = await startSystem({
      serverEnv: { ACCESS_TOKEN_TTL_SECONDS: '60' },
      clientEnv: { CLIENT_SERVER_INTERNAL_URL: relay.url, CLIENT_REFRESH_MARGIN_SECONDS: '60' },
    });
    steady = await startSystem({
      serverEnv: { ACCESS_TOKEN_TTL_SECONDS: '3600' },
      clientEnv: { CLIENT_SERVER_INTERNAL_URL: relay.url, CLIENT_REFRESH_MARGIN_SECONDS: '60' },
    });
  });
  afterAll(async () => {
    await refreshing.close();
    await steady.close();
    await relay.close();
  });

  it.each([
    ['a refresh', 'cut'],
    ['a refresh', 'unavailable'],
    ['a refresh', 'server_error'],
    ['an API call', 'cut'],
    ['an API call', 'unavailable'],
  ] as const)(
    'during %s, %s: a 503 page saying so, and the session is kept for when it is back',
    async (during, how) => {
      const system = during === 'a refresh' ? refreshing : steady;
      relay.to(system.server.url);
      const counter = countRefreshes(system);
      const { client } = await signUpOverHttp(system, `geordi-${how}-${during.length}`);
      const refreshesBefore = counter.refreshes;
      relay.break(how);
      const down = await client.request('/memories?scope=own');
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toBe('5');
      expect(down.body).toContain('could not reach the Picard server');
      expect(down.body).toContain('href="/memories?scope=own"');
      // Nothing reached the server: no refresh was spent, no grant ended.
      expect(counter.refreshes).toBe(refreshesBefore);
      relay.mend();
      const back = await client.request('/memories?scope=own');
      expect(back.status).toBe(200);
      expect(back.body).toContain('Your memories');
    },
  );
});
