import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Browser, csrfOf } from '../../../scripts/lib/browser.js';
import {
  authorizeUrl,
  exchangeCode,
  grantIdOf,
  pkce,
  revokeToken,
  signIn,
  signUpThroughWebClient,
  tokenRequest,
  webClientOf,
} from '../../../scripts/lib/oauth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

const REDIRECT = 'http://127.0.0.1:9/callback';
const PASSWORD = 'the needs of the many';
let test: TestDatabase;
let server: TestServer;
let client: { id: string; secret: string };

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db, { OAUTH_REDIRECT_URIS: REDIRECT });
  client = webClientOf(server);
});
afterAll(async () => {
  await server.close();
  await test.drop();
});

let n = 0;
/** A new account that has connected the web client, with its tokens. */
async function connectedAccount() {
  n += 1;
  const username = `kirk-${n}`;
  const { code, verifier } = await signUpThroughWebClient(server, {
    redirectUri: REDIRECT,
    scope: 'openid memories:read memories:write',
    user: { username, email: `${username}@example.com`, password: PASSWORD },
  });
  const tokens = await exchangeCode(server, code, verifier, REDIRECT);
  return { username, tokens: tokens.body, grantId: grantIdOf(tokens.body.access_token) };
}

/** A browser signed in to the account page. */
async function accountBrowser(username: string, password = PASSWORD) {
  const browser = new Browser(server.url);
  const form = await browser.request('/account');
  const page = await browser.follow('/account/login', {
    form: { _csrf: csrfOf(form.body), username, password },
  });
  return { browser, page };
}

const refresh = (token: unknown) =>
  tokenRequest(server.url, { grant_type: 'refresh_token', refresh_token: String(token) }, client);

describe('the account page', () => {
  it('needs its own sign-in, with CSRF, and a wrong password is refused', async () => {
    const { username } = await connectedAccount();
    const wrong = await accountBrowser(username, 'not it at all');
    expect(wrong.page.status).toBe(401);
    const browser = new Browser(server.url);
    const noCsrf = await browser.request('/account/login', {
      form: { username, password: PASSWORD },
    });
    expect(noCsrf.status).toBe(403);
  });

  it('lists connected applications with their scopes and last use', async () => {
    const { username } = await connectedAccount();
    const { page } = await accountBrowser(username);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`Your account: ${username}`);
    expect(page.body).toContain('Picard web');
    // What each application may do, in the consent page's words, not scope names.
    expect(page.body).toContain('<li>Create, change and delete your memories</li>');
    expect(page.body).not.toContain('memories:write');
    expect(page.body).toMatch(/Last used: \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    // The username is shown (it cannot be changed), the way back leads to the web
    // client, and deleting the account is marked as the dangerous action it is.
    expect(page.body).toContain(`<dd>${username} <span class="hint">(cannot be changed)</span>`);
    expect(page.body).toContain('<a href="http://127.0.0.1:9">Back to Picard web</a>');
    expect(page.body).toMatch(/<section[^>]*class="danger"/);
    expect(page.body).toContain(
      '<button type="submit" class="danger">Delete my account and all my memories</button>',
    );
  });

  it('opens without asking again right after signing in on the same browser, until signed out', async () => {
    const { browser } = await signUpThroughWebClient(server, {
      redirectUri: REDIRECT,
      user: { username: 'sulu', email: 'sulu@example.com', password: PASSWORD },
    });
    const page = await browser.follow('/account');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Your account: sulu');

    // Signing out of the account page signs the browser out of Picard: no way back without the password.
    const signOut = await browser.follow('/account/logout', {
      form: { _csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! },
    });
    expect(signOut.body).toContain('Sign in to manage your account');
    const again = await browser.follow('/account');
    expect(again.body).toContain('Sign in to manage your account');
    expect(again.body).toContain('asks for your password unless you signed in on this browser');

    // A browser that never signed in is asked for the password, and told why.
    const stranger = await new Browser(server.url).follow('/account');
    expect(stranger.body).toContain('Sign in to manage your account');
  });

  it('disconnecting an application revokes its grant at once and forgets the consent', async () => {
    const { username, tokens, grantId } = await connectedAccount();
    const { browser, page } = await accountBrowser(username);
    const after = await browser.request('/account/apps/disconnect', {
      form: { _csrf: csrfOf(page.body), client_id: client.id },
    });
    expect(after.status).toBe(200);
    expect(after.body).toContain('Application disconnected.');
    expect(after.body).toContain('No applications are connected');
    expect(await server.auth.revocation.isGrantRevoked(grantId)).toBe(true);
    expect((await refresh(tokens.refresh_token)).body.error).toBe('invalid_grant');

    const again = new Browser(server.url);
    const loginPage = await again.follow(
      authorizeUrl({
        clientId: client.id,
        redirectUri: REDIRECT,
        scope: 'openid memories:read',
        pkce: pkce(),
      }),
    );
    const next = await signIn(again, loginPage, username, PASSWORD);
    expect(next.location).toBeUndefined();
    expect(next.body).toContain('Allow Picard web to access your Picard account?');
  });

  it('still lists an application after it signed out, until it is disconnected', async () => {
    const { username, tokens } = await connectedAccount();
    const revoked = await revokeToken(server, tokens.refresh_token);
    expect(revoked.status).toBe(200);
    const { browser, page } = await accountBrowser(username);
    expect(page.body).toContain('Disconnect Picard web');
    const after = await browser.request('/account/apps/disconnect', {
      form: { _csrf: csrfOf(page.body), client_id: client.id },
    });
    expect(after.body).toContain('No applications are connected');
  });

  it('disconnects only the signed-in account’s application', async () => {
    const victim = await connectedAccount();
    const { username } = await connectedAccount();
    const { browser, page } = await accountBrowser(username);
    const unknown = await browser.request('/account/apps/disconnect', {
      form: { _csrf: csrfOf(page.body), client_id: 'not-connected' },
    });
    expect(unknown.status).toBe(404);
    const own = await browser.request('/account/apps/disconnect', {
      form: { _csrf: csrfOf(page.body), client_id: client.id },
    });
    expect(own.status).toBe(200);
    expect(await server.auth.revocation.isGrantRevoked(victim.grantId)).toBe(false);
    expect((await refresh(victim.tokens.refresh_token)).status).toBe(200);
  });

  it('changing the password revokes every grant', async () => {
    const { username, tokens, grantId } = await connectedAccount();
    const { browser, page } = await accountBrowser(username);
    const weak = await browser.request('/account/password', {
      form: { _csrf: csrfOf(page.body), current_password: PASSWORD, password: 'short' },
    });
    expect(weak.status).toBe(400);
    expect(await server.auth.revocation.isGrantRevoked(grantId)).toBe(false);

    const changed = await browser.request('/account/password', {
      form: {
        _csrf: csrfOf(page.body),
        current_password: PASSWORD,
        password: 'a brand new passphrase',
      },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toContain('Every connected application has been disconnected.');
    expect(await server.auth.revocation.isGrantRevoked(grantId)).toBe(true);
    expect((await refresh(tokens.refresh_token)).body.error).toBe('invalid_grant');
    expect((await accountBrowser(username, 'a brand new passphrase')).page.status).toBe(200);
  });

  it('edits the profile, refusing an email that another account uses', async () => {
    const other = await connectedAccount();
    const { username } = await connectedAccount();
    const { browser, page } = await accountBrowser(username);
    const taken = await browser.request('/account/profile', {
      form: { _csrf: csrfOf(page.body), name: 'Jim', email: `${other.username}@example.com` },
    });
    expect(taken.status).toBe(400);
    expect(taken.body).toContain('An account with that email address already exists.');
    const saved = await browser.request('/account/profile', {
      form: { _csrf: csrfOf(page.body), name: 'James T.', email: `${username}@starfleet.example` },
    });
    expect(saved.body).toContain('Profile saved.');
    expect(await test.db.prisma.user.findUnique({ where: { username } })).toMatchObject({
      name: 'James T.',
      email: `${username}@starfleet.example`,
    });
  });

  it('deletes the account with its memories, after confirmation', async () => {
    const { username, grantId } = await connectedAccount();
    const user = await test.db.prisma.user.findUniqueOrThrow({ where: { username } });
    await test.db.prisma.memory.create({
      data: {
        id: crypto.randomUUID(),
        userId: user.id,
        textCiphertext: new Uint8Array([1]),
        keyId: 'k',
      },
    });
    const { browser, page } = await accountBrowser(username);
    const unconfirmed = await browser.request('/account/delete', {
      form: { _csrf: csrfOf(page.body), confirm_username: 'nope', confirm_password: PASSWORD },
    });
    expect(unconfirmed.status).toBe(400);
    const deleted = await browser.request('/account/delete', {
      form: { _csrf: csrfOf(page.body), confirm_username: username, confirm_password: PASSWORD },
    });
    expect(deleted.body).toContain('Account deleted');
    expect(await test.db.prisma.user.findUnique({ where: { username } })).toBeNull();
    expect(await test.db.prisma.memory.count({ where: { userId: user.id } })).toBe(0);
    expect(await server.auth.revocation.isGrantRevoked(grantId)).toBe(true);
  });

  it('uses HttpOnly, SameSite=Lax cookies, for its own session and oidc-provider’s', async () => {
    const { username } = await connectedAccount();
    const first = await fetch(`${server.url}/account`);
    const pre = first.headers.getSetCookie().join('\n');
    const csrf = csrfOf(await first.text());
    const login = await fetch(`${server.url}/account/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pre.split(';')[0]! },
      body: new URLSearchParams({ _csrf: csrf, username, password: PASSWORD }),
    });
    const session = login.headers
      .getSetCookie()
      .find((cookie) => cookie.startsWith('picard_account='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).toMatch(/Path=\/account/);

    const authorize = await fetch(
      `${server.url}${authorizeUrl({ clientId: client.id, redirectUri: REDIRECT, scope: 'openid', pkce: pkce() })}`,
      { redirect: 'manual' },
    );
    const interaction = authorize.headers
      .getSetCookie()
      .find((cookie) => cookie.startsWith('_interaction='))!;
    expect(interaction).toMatch(/httponly/i);
    expect(interaction).toMatch(/samesite=lax/i);
  });

  it('refuses account forms without the CSRF token', async () => {
    const { username, grantId } = await connectedAccount();
    const { browser } = await accountBrowser(username);
    const attempt = await browser.request('/account/apps/disconnect', {
      form: { client_id: client.id },
    });
    expect(attempt.status).toBe(403);
    expect(await server.auth.revocation.isGrantRevoked(grantId)).toBe(false);
  });
});

/** A request carrying only a copy of the account page's session cookie. */
function withCopiedCookie(value: string, path: string, form?: Record<string, string>) {
  return fetch(`${server.url}${path}`, {
    method: form ? 'POST' : 'GET',
    redirect: 'manual',
    headers: {
      cookie: `picard_account=${value}`,
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: form ? new URLSearchParams(form) : undefined,
  });
}

describe('account page sessions end everywhere', () => {
  it('signing out ends every copy of the session cookie', async () => {
    const { username } = await connectedAccount();
    const { browser, page } = await accountBrowser(username);
    const copy = browser.cookie('picard_account')!;
    const csrf = csrfOf(page.body);
    expect(await (await withCopiedCookie(copy, '/account')).text()).toContain(
      `Your account: ${username}`,
    );
    await browser.request('/account/logout', { form: { _csrf: csrf } });

    const after = await withCopiedCookie(copy, '/account');
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('Sign in to manage your account');
    const change = await withCopiedCookie(copy, '/account/profile', {
      _csrf: csrf,
      email: 'thief@example.com',
    });
    expect(change.status).toBe(303);
    expect((await test.db.prisma.user.findUniqueOrThrow({ where: { username } })).email).toBe(
      `${username}@example.com`,
    );
  });

  it('changing the password signs out every other session of the account', async () => {
    const { username } = await connectedAccount();
    const elsewhere = await accountBrowser(username);
    const copy = elsewhere.browser.cookie('picard_account')!;
    const { browser, page } = await accountBrowser(username);
    const changed = await browser.request('/account/password', {
      form: {
        _csrf: csrfOf(page.body),
        current_password: PASSWORD,
        password: 'a fresh start for the crew',
      },
    });
    expect(changed.status).toBe(200);
    expect((await browser.request('/account')).body).toContain(`Your account: ${username}`);
    expect(await (await withCopiedCookie(copy, '/account')).text()).toContain(
      'Sign in to manage your account',
    );
    const deletion = await withCopiedCookie(copy, '/account/delete', {
      _csrf: csrfOf(elsewhere.page.body),
      confirm_username: username,
      confirm_password: 'a fresh start for the crew',
    });
    expect(deletion.status).toBe(303);
    expect(await test.db.prisma.user.count({ where: { username } })).toBe(1);
  });

  it('deleting the account needs the password, not only the username', async () => {
    const { username } = await connectedAccount();
    const { browser, page } = await accountBrowser(username);
    const usernameOnly = await browser.request('/account/delete', {
      form: { _csrf: csrfOf(page.body), confirm_username: username },
    });
    expect(usernameOnly.status).toBe(400);
    expect(usernameOnly.body).toContain('Enter your current password to confirm.');
    const wrong = await browser.request('/account/delete', {
      form: { _csrf: csrfOf(page.body), confirm_username: username, confirm_password: 'guess' },
    });
    expect(wrong.status).toBe(400);
    expect(await test.db.prisma.user.count({ where: { username } })).toBe(1);
  });

  it('a cookie of a deleted account shows the sign-in page once and clears itself', async () => {
    const { username } = await connectedAccount();
    const elsewhere = await accountBrowser(username);
    const copy = elsewhere.browser.cookie('picard_account')!;
    const { browser, page } = await accountBrowser(username);
    await browser.request('/account/delete', {
      form: { _csrf: csrfOf(page.body), confirm_username: username, confirm_password: PASSWORD },
    });
    const stale = await withCopiedCookie(copy, '/account');
    expect(stale.status).toBe(200);
    expect(await stale.text()).toContain('Sign in to manage your account');
    expect(stale.headers.getSetCookie().join('\n')).toMatch(/picard_account=;/);
    // The other browser follows the same way: one sign-in page, no redirect loop.
    const other = await elsewhere.browser.request('/account');
    expect(other.status).toBe(200);
    expect(elsewhere.browser.hasCookie('picard_account')).toBe(false);
  });
});
