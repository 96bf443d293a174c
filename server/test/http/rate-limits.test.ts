import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import {
  createInProcessRateLimitStore,
  createRedisRateLimitStore,
  type RateLimitStore,
} from '../../src/http/rate-limit-store.js';
import { Browser, csrfOf } from '../../../scripts/lib/browser.js';
import {
  authorizeUrl,
  pkce,
  register,
  tokenRequest,
  registerClient,
  webClientOf,
} from '../../../scripts/lib/oauth.js';
import { resourceUser } from '../../../scripts/lib/resource-users.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

const REDIRECT = 'http://127.0.0.1:9/callback';
const PASSWORD = 'engage at warp nine';
let test: TestDatabase;
const servers: TestServer[] = [];

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await test.drop();
});

async function serverWith(env: Record<string, string>, rateLimitStore?: RateLimitStore) {
  const server = await startTestServer(
    test.db,
    { OAUTH_REDIRECT_URIS: REDIRECT, ...env },
    { rateLimitStore },
  );
  servers.push(server);
  return server;
}

async function loginForm(server: TestServer) {
  const browser = new Browser(server.url);
  const page = await browser.follow(
    authorizeUrl({
      clientId: server.config.oauth.webClient.clientId,
      redirectUri: REDIRECT,
      scope: 'openid',
      pkce: pkce(),
    }),
  );
  const uid = /\/interaction\/([^/"]+)\/login/.exec(page.body)![1]!;
  return {
    browser,
    page,
    post: (username: string, password: string) =>
      browser.request(`/interaction/${uid}/login`, {
        form: { _csrf: csrfOf(page.body), username, password },
      }),
  };
}

describe('rate limits per client address', () => {
  it('slows sign-in attempts down with 429 and Retry-After', async () => {
    const server = await serverWith({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    const form = await loginForm(server);
    for (let i = 0; i < 3; i += 1)
      expect((await form.post('someone', 'wrong password')).status).toBe(401);
    const limited = await form.post('someone', 'wrong password');
    expect(limited.status).toBe(429);
    expect(limited.body).toContain('Too many attempts');
  });

  it('limits the token endpoint in the OAuth error shape', async () => {
    const server = await serverWith({ TOKEN_RATE_LIMIT_PER_MINUTE: '2' });
    const client = {
      id: server.config.oauth.webClient.clientId,
      secret: server.config.oauth.webClient.clientSecret,
    };
    const attempt = () =>
      tokenRequest(server.url, { grant_type: 'refresh_token', refresh_token: 'nope' }, client);
    expect((await attempt()).status).toBe(400);
    expect((await attempt()).status).toBe(400);
    const limited = await attempt();
    expect(limited).toMatchObject({ status: 429, body: { error: 'temporarily_unavailable' } });
  });

  it('limits an address sending a new made-up refresh token each time', async () => {
    const server = await serverWith({ TOKEN_RATE_LIMIT_PER_MINUTE: '3' });
    const { client_id: clientId } = (
      await registerClient(server.url, {
        redirect_uris: ['http://127.0.0.1:4000/cb'],
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
      })
    ).body;
    // Each refresh counts under its own token, so only its refusals add up per address.
    const guess = (client: { id: string; secret?: string }) =>
      tokenRequest(
        server.url,
        { grant_type: 'refresh_token', refresh_token: randomBytes(32).toString('base64url') },
        client,
      );
    // The operator's web client, authenticated, refreshing revoked tokens: not counted.
    for (let i = 0; i < 4; i += 1) {
      expect(await guess(webClientOf(server))).toMatchObject({ status: 400 });
    }
    for (let i = 0; i < 3; i += 1) {
      expect(await guess({ id: clientId })).toMatchObject({
        status: 400,
        body: { error: 'invalid_grant' },
      });
    }
    const limited = await guess({ id: clientId });
    expect(limited).toMatchObject({ status: 429, body: { error: 'temporarily_unavailable' } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('limits dynamic client registration', async () => {
    const server = await serverWith({ CLIENT_REGISTRATION_RATE_LIMIT_PER_HOUR: '1' });
    const registerClient = () => registerNativeClient(server.url);
    expect((await registerClient()).status).toBe(201);
    const limited = await registerClient();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('lets a cloud client register for many users from one address under the default limits', async () => {
    // Empty means unset: the defaults (30 sign-ups, 1000 client registrations an hour).
    const server = await serverWith({
      REGISTRATION_RATE_LIMIT_PER_HOUR: '',
      CLIENT_REGISTRATION_RATE_LIMIT_PER_HOUR: '',
    });
    expect(server.config.rateLimits.registrationPerHour).toBe(30);
    // Claude registers a client on every fresh connection, all from its own servers.
    const statuses = [];
    for (let i = 0; i < 40; i += 1) statuses.push((await registerNativeClient(server.url)).status);
    expect(statuses.every((status) => status === 201)).toBe(true);
  });

  it('counts client registrations apart from account sign-ups, each with its own limit', async () => {
    const server = await serverWith({
      REGISTRATION_RATE_LIMIT_PER_HOUR: '1',
      CLIENT_REGISTRATION_RATE_LIMIT_PER_HOUR: '1',
    });
    const registerClient = () => registerNativeClient(server.url);
    expect((await registerClient()).status).toBe(201);
    expect((await registerClient()).status).toBe(429);
    const { browser, page } = await loginForm(server);
    const signedUp = await register(browser, page, {
      username: 'rom',
      email: 'rom@example.com',
      password: PASSWORD,
    });
    expect(signedUp.status).not.toBe(429);
    expect(signedUp.body).not.toContain('Too many attempts');
  });

  it(`is shared by every instance using the same store (${process.env.REDIS_URL ? 'Redis' : 'one in-process store'})`, async () => {
    const store = process.env.REDIS_URL
      ? await createRedisRateLimitStore(process.env.REDIS_URL)
      : createInProcessRateLimitStore();
    // A unique limit name per run keeps Redis counters from other runs out of the way.
    await store.reset(`login:127.0.0.1`);
    try {
      const a = await serverWith({ LOGIN_RATE_LIMIT_PER_MINUTE: '2' }, store);
      const b = await serverWith({ LOGIN_RATE_LIMIT_PER_MINUTE: '2' }, store);
      expect((await (await loginForm(a)).post('x', 'y')).status).toBe(401);
      expect((await (await loginForm(b)).post('x', 'y')).status).toBe(401);
      expect((await (await loginForm(a)).post('x', 'y')).status).toBe(429);
    } finally {
      await store.reset(`login:127.0.0.1`);
      await store.close();
    }
  });
});

/** Where resourceUser's web client comes back to. */
const WEB_REDIRECT = 'http://localhost:8000/auth/callback';

describe('the token endpoint behind a web client', () => {
  it('refreshes for many users from one address beyond the per-address limit', async () => {
    const server = await serverWith({
      TOKEN_RATE_LIMIT_PER_MINUTE: '3',
      OAUTH_REDIRECT_URIS: `${REDIRECT},${WEB_REDIRECT}`,
    });
    // Three code exchanges from this address: the per-address limit is used up.
    const users = [];
    for (let i = 0; i < 3; i += 1) users.push(await resourceUser(server, { prefix: 'crusher' }));
    // The web client's server refreshes for each of them from the same address.
    for (const user of users) {
      const refreshed = await tokenRequest(
        server.url,
        { grant_type: 'refresh_token', refresh_token: String(user.refreshToken) },
        webClientOf(server),
      );
      expect(refreshed.status).toBe(200);
    }
    // Anything else from this address is still limited.
    const other = await tokenRequest(
      server.url,
      { grant_type: 'authorization_code', code: 'nope', redirect_uri: WEB_REDIRECT },
      webClientOf(server),
    );
    expect(other.status).toBe(429);
  });
});

describe('REST and MCP requests per user and per client', () => {
  const mcpInitialize = {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'limits', version: '1' },
    },
  };
  const mcpHeaders = { accept: 'application/json, text/event-stream' };

  it('answers 429 with Retry-After past the per-user limit, on both surfaces, and not to other users', async () => {
    const server = await serverWith({
      USER_RATE_LIMIT_PER_MINUTE: '3',
      OAUTH_REDIRECT_URIS: `${REDIRECT},${WEB_REDIRECT}`,
    });
    const wesley = await resourceUser(server, { prefix: 'wesley' });
    for (let i = 0; i < 3; i += 1) expect((await wesley.call('/api/v1/memories')).status).toBe(200);
    const limited = await wesley.call('/api/v1/memories');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await limited.json()).toMatchObject({ status: 429, code: 'rate_limited' });

    const guinan = await resourceUser(server, { prefix: 'guinan' });
    expect((await guinan.call('/api/v1/memories')).status).toBe(200);

    const ro = await resourceUser(server, { prefix: 'ro', resource: 'mcp' });
    for (let i = 0; i < 3; i += 1) {
      const res = await ro.call('/mcp', { json: mcpInitialize, headers: mcpHeaders });
      expect(res.status).toBe(200);
      await res.text();
    }
    const mcpLimited = await ro.call('/mcp', { json: mcpInitialize, headers: mcpHeaders });
    expect(mcpLimited.status).toBe(429);
    expect(mcpLimited.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
  });

  it('answers 429 past the per-client limit, counting all of the client’s users together', async () => {
    const server = await serverWith({
      CLIENT_RATE_LIMIT_PER_MINUTE: '4',
      OAUTH_REDIRECT_URIS: `${REDIRECT},${WEB_REDIRECT}`,
    });
    const a = await resourceUser(server, { prefix: 'keiko' });
    const b = await resourceUser(server, { prefix: 'molly' });
    for (const user of [a, b, a, b]) expect((await user.call('/api/v1/me')).status).toBe(200);
    const limited = await b.call('/api/v1/me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
  });
});

describe('behind the proxy render.yaml describes', () => {
  it('counts the address the proxy saw, whatever the caller puts in X-Forwarded-For', async () => {
    const blueprint = parseYaml(
      fs.readFileSync(new URL('../../../render.yaml', import.meta.url), 'utf8'),
    ) as { services: { envVars?: { key: string; value?: string }[] }[] };
    const shipped = blueprint.services
      .flatMap((service) => service.envVars ?? [])
      .find((variable) => variable.key === 'TRUST_PROXY')?.value;
    expect(shipped).toBeDefined();
    const server = await serverWith({ TRUST_PROXY: shipped!, TOKEN_RATE_LIMIT_PER_MINUTE: '2' });
    // The proxy appends the address it saw to whatever the caller sent.
    const attempt = (spoofed: string) =>
      fetch(`${server.url}/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': `${spoofed}, 203.0.113.7`,
        },
        // A code exchange: counted per address (refreshes count per refresh token).
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: 'nope',
          redirect_uri: REDIRECT,
        }),
      });
    expect((await attempt('198.51.100.1')).status).not.toBe(429);
    expect((await attempt('198.51.100.2')).status).not.toBe(429);
    expect((await attempt('198.51.100.3')).status).toBe(429);
  });
});

describe('failed sign-ins for one account', () => {
  it('slow down after five failures without locking the owner out for long', async () => {
    let now = Date.now();
    const store = createInProcessRateLimitStore(() => now);
    const server = await serverWith({}, store);
    const { browser, page } = await loginForm(server);
    await register(browser, page, {
      username: 'obrien',
      email: 'obrien@example.com',
      password: PASSWORD,
    });

    const form = await loginForm(server);
    for (let i = 0; i < 6; i += 1) expect((await form.post('obrien', 'guess')).status).toBe(401);
    // Even the right password has to wait now…
    const waiting = await form.post('obrien', PASSWORD);
    expect(waiting.status).toBe(429);
    expect(waiting.body).toContain('Too many failed attempts for this account');
    // …but only briefly: a second later the owner gets in.
    now += 1_001;
    const ok = await form.post('OBrien', PASSWORD);
    expect(ok.status).toBe(303);
    // Other accounts were never affected.
    expect((await (await loginForm(server)).post('someone-else', 'guess')).status).toBe(401);
  });

  it('never waits longer than 30 seconds between attempts', async () => {
    let now = Date.now();
    const store = createInProcessRateLimitStore(() => now);
    const server = await serverWith({}, store);
    const form = await loginForm(server);
    for (let i = 0; i < 30; i += 1) {
      await form.post('odo', 'guess');
      now += 30_001;
    }
    expect(await server.auth.loginThrottle.delayFor('odo')).toBe(0);
    await form.post('odo', 'guess');
    expect(await server.auth.loginThrottle.delayFor('odo')).toBeLessThanOrEqual(30_000);
  });
});

describe('guessing through other spellings of an account', () => {
  /** The account page's sign-in form, in a fresh browser. */
  async function accountLoginForm(server: TestServer) {
    const browser = new Browser(server.url);
    const page = await browser.request('/account');
    return (username: string, password: string) =>
      browser.request('/account/login', {
        form: { _csrf: csrfOf(page.body), username, password },
      });
  }

  async function registered(server: TestServer, username: string) {
    const { browser, page } = await loginForm(server);
    await register(browser, page, {
      username,
      email: `${username}@example.com`,
      password: PASSWORD,
    });
  }

  // Sign-in trims (Unicode spaces too), normalises and lowercases the
  // identifier and accepts the email: each of these names the same account.
  const variants = (name: string) => [
    name,
    ` ${name}`,
    `\t${name}`,
    `\u3000${name}`,
    name.toUpperCase(),
    `${name}@example.com`,
    `  ${name.toUpperCase()}@EXAMPLE.COM `,
    [...name].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join(''), // full-width
  ];

  it.each([
    ['the account page', accountLoginForm],
    [
      'the OAuth sign-in form',
      async (server: TestServer) => {
        const form = await loginForm(server);
        return form.post;
      },
    ],
  ])('share one slow-down on %s', async (_surface, formOf) => {
    let now = Date.now();
    const server = await serverWith(
      {},
      createInProcessRateLimitStore(() => now),
    );
    const username = `garak${servers.length}`;
    await registered(server, username);
    const post = await formOf(server);
    const guesses = variants(username);
    for (let i = 0; i < 6; i += 1) {
      expect((await post(guesses[i % guesses.length]!, `guess ${i}`)).status).toBe(401);
    }
    for (const variant of [...guesses, `  ${username.toUpperCase()}\t`]) {
      expect((await post(variant, PASSWORD)).status).toBe(429);
    }
    now += 30_001;
    expect((await post(`  ${username.toUpperCase()}\t`, PASSWORD)).status).toBe(303);
  });

  it('limits sign-in attempts per address on the account page', async () => {
    const server = await serverWith({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    const post = await accountLoginForm(server);
    for (let i = 0; i < 3; i += 1) expect((await post(`nobody${i}`, 'wrong')).status).toBe(401);
    const limited = await post('nobody', 'wrong');
    expect(limited.status).toBe(429);
    expect(limited.body).toContain('Too many attempts');
  });

  it('limits profile saves per address, so emails cannot be probed quickly', async () => {
    const server = await serverWith({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    await registered(server, 'quark');
    const browser = new Browser(server.url);
    const form = await browser.request('/account');
    const page = await browser.follow('/account/login', {
      form: { _csrf: csrfOf(form.body), username: 'quark', password: PASSWORD },
    });
    const probe = (email: string) =>
      browser.request('/account/profile', { form: { _csrf: csrfOf(page.body), email } });
    for (let i = 0; i < 3; i += 1) {
      expect((await probe(`probe${i}@example.com`)).status).not.toBe(429);
    }
    const limited = await probe('probe3@example.com');
    expect(limited.status).toBe(429);
    expect(
      (await test.db.prisma.user.findUniqueOrThrow({ where: { username: 'quark' } })).email,
    ).toBe('probe2@example.com');
  });

  it('refuses over-long usernames and passwords before counting them', async () => {
    const store = createInProcessRateLimitStore();
    const server = await serverWith({}, store);
    const post = await accountLoginForm(server);
    const first = await post('x'.repeat(15_000), 'guess');
    expect(first.status).toBe(400);
    expect(first.body).toContain('too long');
    const held = store.size!();
    for (let i = 0; i < 20; i += 1) {
      expect((await post(`${i}${'x'.repeat(15_000)}`, 'guess')).status).toBe(400);
    }
    expect((await post('someone', 'p'.repeat(5_000))).status).toBe(400);
    expect(store.size!()).toBe(held);
  });

  it('keeps at most a bounded number of in-process counters', async () => {
    const store = createInProcessRateLimitStore(Date.now, { maxEntries: 10 });
    for (let i = 0; i < 100; i += 1) await store.increment(`key-${i}`, 60_000);
    expect(store.size!()).toBeLessThanOrEqual(10);
    expect(await store.increment('key-99', 60_000)).toBe(2);
  });
});

/** A dynamic registration (RFC 7591) of a public native client. */
function registerNativeClient(url: string) {
  return fetch(`${url}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: ['http://127.0.0.1/cb'],
      token_endpoint_auth_method: 'none',
    }),
  });
}
