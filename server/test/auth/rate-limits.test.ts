import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import {
  createMemoryRateLimitStore,
  createRedisRateLimitStore,
  type RateLimitStore,
} from '../../src/auth/rate-limit-store.js';
import { Browser, csrfOf } from '../helpers/browser.js';
import { authorizeUrl, pkce, register, tokenRequest } from '../helpers/oauth.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

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

  it('limits dynamic client registration', async () => {
    const server = await serverWith({ REGISTRATION_RATE_LIMIT_PER_HOUR: '1' });
    const registerClient = () =>
      fetch(`${server.url}/reg`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          redirect_uris: ['http://127.0.0.1/cb'],
          token_endpoint_auth_method: 'none',
        }),
      });
    expect((await registerClient()).status).toBe(201);
    const limited = await registerClient();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('counts client registrations apart from account sign-ups', async () => {
    const server = await serverWith({ REGISTRATION_RATE_LIMIT_PER_HOUR: '1' });
    const registerClient = () =>
      fetch(`${server.url}/reg`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          redirect_uris: ['http://127.0.0.1/cb'],
          token_endpoint_auth_method: 'none',
        }),
      });
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
      : createMemoryRateLimitStore();
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
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'nope' }),
      });
    expect((await attempt('198.51.100.1')).status).not.toBe(429);
    expect((await attempt('198.51.100.2')).status).not.toBe(429);
    expect((await attempt('198.51.100.3')).status).toBe(429);
  });
});

describe('failed sign-ins for one account', () => {
  it('slow down after five failures without locking the owner out for long', async () => {
    let now = Date.now();
    const store = createMemoryRateLimitStore(() => now);
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
    const store = createMemoryRateLimitStore(() => now);
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
      createMemoryRateLimitStore(() => now),
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
    const store = createMemoryRateLimitStore();
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
    const store = createMemoryRateLimitStore(Date.now, { maxEntries: 10 });
    for (let i = 0; i < 100; i += 1) await store.increment(`key-${i}`, 60_000);
    expect(store.size!()).toBeLessThanOrEqual(10);
    expect(await store.increment('key-99', 60_000)).toBe(2);
  });
});
