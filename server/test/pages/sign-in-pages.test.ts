import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Browser, csrfOf, type Page } from '../../../scripts/lib/browser.js';
import { authorizeUrl, pkce, register, signIn } from '../../../scripts/lib/oauth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

const REDIRECT = 'http://127.0.0.1:9/callback';
let test: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db, { OAUTH_REDIRECT_URIS: REDIRECT });
});
afterAll(async () => {
  await server.close();
  await test.drop();
});

const PASSWORD = 'make it so, number one';

async function loginPage(): Promise<{ browser: Browser; page: Page }> {
  const browser = new Browser(server.url);
  const page = await browser.follow(
    authorizeUrl({
      clientId: server.config.oauth.webClient.clientId,
      redirectUri: REDIRECT,
      scope: 'openid memories:read',
      pkce: pkce(),
    }),
  );
  return { browser, page };
}

async function existingAccount(username: string) {
  const { browser, page } = await loginPage();
  await register(browser, page, { username, email: `${username}@example.com`, password: PASSWORD });
}

describe('sign in', () => {
  it('accepts the username or the email, in any case', async () => {
    await existingAccount('riker');
    for (const identifier of ['riker', 'RIKER', 'riker@example.com', 'Riker@Example.com']) {
      const { browser, page } = await loginPage();
      const next = await signIn(browser, page, identifier, PASSWORD);
      expect(next.body).toContain('Allow Picard web');
    }
  });

  it.each([
    ['a wrong password', 'troi', 'not the password at all'],
    ['an unknown user', 'nobody-by-that-name', PASSWORD],
  ])(
    'refuses %s with the same message, keeping what was typed',
    async (_case, username, password) => {
      await existingAccount('troi').catch(() => undefined);
      const { browser, page } = await loginPage();
      const next = await signIn(browser, page, username, password);
      expect(next.status).toBe(401);
      expect(next.body).toContain('That username or email and password do not match.');
      expect(next.body).toContain(`value="${username}"`);
      expect(next.body).not.toContain(password);
    },
  );

  it('refuses a form without the CSRF token', async () => {
    await existingAccount('data-android');
    const { browser, page } = await loginPage();
    const uid = /\/interaction\/([^/"]+)\/login/.exec(page.body)![1]!;
    const next = await browser.request(`/interaction/${uid}/login`, {
      form: { username: 'data-android', password: PASSWORD },
    });
    expect(next.status).toBe(403);
    expect(next.body).toContain('Form expired');
  });

  it('refuses a CSRF token from another interaction', async () => {
    const first = await loginPage();
    const second = await loginPage();
    const uid = /\/interaction\/([^/"]+)\/login/.exec(second.page.body)![1]!;
    const next = await second.browser.request(`/interaction/${uid}/login`, {
      form: { _csrf: csrfOf(first.page.body), username: 'x', password: 'y' },
    });
    expect(next.status).toBe(403);
  });

  it('answers an unknown or expired interaction with an error page', async () => {
    const next = await new Browser(server.url).request('/interaction/not-a-real-interaction');
    expect(next.status).toBe(400);
    expect(next.body).toContain('This sign-in has expired');
  });
});

describe('registration', () => {
  it('opens directly when the client asks with screen_hint=signup', async () => {
    const page = await new Browser(server.url).follow(
      authorizeUrl({
        clientId: server.config.oauth.webClient.clientId,
        redirectUri: REDIRECT,
        scope: 'openid',
        pkce: pkce(),
        extra: { screen_hint: 'signup' },
      }),
    );
    expect(page.body).toContain('Create your Picard account');
  });

  const attempt = async (fields: Record<string, string>) => {
    const { browser, page } = await loginPage();
    const uid = /\/interaction\/([^/"]+)\/login/.exec(page.body)![1]!;
    const form = await browser.request(`/interaction/${uid}/register`);
    return browser.follow(`/interaction/${uid}/register`, {
      form: { _csrf: csrfOf(form.body), ...fields },
    });
  };

  it.each([
    [
      'a duplicate username (any case)',
      { username: 'WORF', email: 'other@example.com' },
      'That username is taken.',
    ],
    [
      'a duplicate email',
      { username: 'worf2', email: 'worf@example.com' },
      'An account with that email address already exists.',
    ],
    [
      'an invalid username',
      { username: 'Worf!', email: 'w3@example.com' },
      'Usernames are 3–32 characters',
    ],
    [
      'a too-short username',
      { username: 'wo', email: 'w4@example.com' },
      'Usernames are 3–32 characters',
    ],
    [
      'an invalid email',
      { username: 'worf5', email: 'not-an-email' },
      'Enter a valid email address.',
    ],
    [
      'a weak password',
      { username: 'worf6', email: 'w6@example.com', password: 'password123' },
      'That password is too easy to guess.',
    ],
    // Common and breached passwords that pass a length rule (zxcvbn-ts lists).
    ...['password12', 'qwertyuiop1', 'letmein1234', 'iloveyou2024'].map(
      (password, i) =>
        [
          `the common password ${password}`,
          { username: `worfc${i}`, email: `wc${i}@example.com`, password },
          'That password is too easy to guess.',
        ] as const,
    ),
    [
      'the username with a digit',
      { username: 'kahlessx', email: 'wk@example.com', password: 'kahlessx12' },
      'That password is too easy to guess.',
    ],
    [
      'a short password',
      { username: 'worf7', email: 'w7@example.com', password: 'short' },
      'Passwords must be at least 10 characters.',
    ],
    [
      'a too-long password',
      { username: 'worf8', email: 'w8@example.com', password: 'x'.repeat(257) },
      'Passwords must be at most 256 characters.',
    ],
    [
      'the username as password',
      { username: 'worf9verylong', email: 'w9@example.com', password: 'worf9verylong' },
      'must not be your username',
    ],
  ])('refuses %s, keeping the form filled in', async (_case, fields, message) => {
    await existingAccount('worf').catch(() => undefined);
    const before = await test.db.prisma.user.count();
    const page = await attempt({ password: PASSWORD, ...fields });
    expect(page.status).toBe(400);
    expect(page.body).toContain(message);
    expect(page.body).toContain(`value="${fields.email}"`);
    expect(page.body).toContain('aria-invalid="true"');
    expect(await test.db.prisma.user.count()).toBe(before);
  });

  it('names every problem at once: a taken username in another case and a weak password', async () => {
    await existingAccount('worf').catch(() => undefined);
    const before = await test.db.prisma.user.count();
    const page = await attempt({ username: 'Worf', email: 'not-an-email', password: 'short' });
    expect(page.status).toBe(400);
    expect(page.body).toContain('That username is taken.');
    expect(page.body).toContain('Enter a valid email address.');
    expect(page.body).toContain('Passwords must be at least 10 characters.');
    expect(page.body.match(/aria-invalid="true"/g)).toHaveLength(3);
    expect(await test.db.prisma.user.count()).toBe(before);
  });

  it('refuses a registration without the CSRF token', async () => {
    const { browser, page } = await loginPage();
    const uid = /\/interaction\/([^/"]+)\/login/.exec(page.body)![1]!;
    const before = await test.db.prisma.user.count();
    const next = await browser.request(`/interaction/${uid}/register`, {
      form: { username: 'crusher', email: 'crusher@example.com', password: PASSWORD },
    });
    expect(next.status).toBe(403);
    expect(await test.db.prisma.user.count()).toBe(before);
  });

  it('stores an argon2id hash, never the password', async () => {
    await existingAccount('laforge');
    const user = await test.db.prisma.user.findUniqueOrThrow({ where: { username: 'laforge' } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(JSON.stringify(user)).not.toContain(PASSWORD);
  });
});
