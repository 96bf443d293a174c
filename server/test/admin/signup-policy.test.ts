import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actionOf, Browser, csrfOf } from '../../../scripts/lib/browser.js';
import { authorizeUrl, pkce, webClientOf } from '../../../scripts/lib/oauth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

const REDIRECT = 'http://localhost:8000/auth/callback';
const PASSWORD = 'make it so, number one';

let test: TestDatabase;
let invite: TestServer;
let closed: TestServer;

beforeAll(async () => {
  test = await createTestDatabase();
  invite = await startTestServer(test.db, { SIGNUP: 'invite' });
  closed = await startTestServer(
    test.db,
    { SIGNUP: 'closed', CLIENT_REGISTRATION: 'closed' },
    { store: invite.store },
  );
});
afterAll(async () => {
  await invite.close();
  await closed.close();
  await test.drop();
});

/** The registration page of a new authorization request on `server`, in `browser`. */
async function registrationPage(server: TestServer, browser = new Browser(server.url)) {
  const page = await browser.follow(
    authorizeUrl({
      clientId: webClientOf(server).id,
      redirectUri: REDIRECT,
      scope: 'openid memories:read',
      pkce: pkce(),
      extra: { screen_hint: 'signup' },
    }),
  );
  return { browser, page };
}

const register = (browser: Browser, page: { body: string }, fields: Record<string, string>) =>
  browser.request(actionOf(page.body, '/register'), {
    form: { _csrf: csrfOf(page.body), password: PASSWORD, ...fields },
  });

const actor = { username: 'operator', surface: 'cli' as const };

describe('SIGNUP=invite', () => {
  it('refuses a sign-up without an invitation, and accepts one with it, once', async () => {
    const { browser, page } = await registrationPage(invite);
    expect(page.body).toContain('name="invite"');
    const refused = await register(browser, page, {
      username: 'no-invite',
      email: 'no-invite@example.com',
      invite: '',
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('This invitation is not valid');
    expect(await test.db.prisma.user.count({ where: { username: 'no-invite' } })).toBe(0);

    const { inviteUrl } = await invite.auth.administration.createInvitation(actor);
    const person = new Browser(invite.url);
    const landing = await person.request(new URL(inviteUrl).pathname);
    expect(landing.status).toBe(200);
    expect(landing.body).toContain('href="http://localhost:8000/signup"');
    expect(person.hasCookie('picard_invite')).toBe(true);
    // The link's invitation fills the form's field; it is used when the account is created.
    const form = await registrationPage(invite, person);
    const token = new URL(inviteUrl).pathname.split('/').pop()!;
    expect(form.page.body).toContain(`value="${token}"`);
    const done = await register(person, form.page, {
      username: 'invited',
      email: 'invited@example.com',
      invite: token,
    });
    expect(done.status).toBe(303);
    expect(await test.db.prisma.user.count({ where: { username: 'invited' } })).toBe(1);

    // Used: neither the link nor the code works again.
    expect((await new Browser(invite.url).request(new URL(inviteUrl).pathname)).status).toBe(400);
    const again = await registrationPage(invite);
    const reused = await register(again.browser, again.page, {
      username: 'second-try',
      email: 'second-try@example.com',
      invite: token,
    });
    expect(reused.status).toBe(403);
  });

  it('refuses an expired invitation, and gives one back when the account cannot be created', async () => {
    const expired = await invite.auth.administration.createInvitation(actor);
    await test.db.prisma.invitation.update({
      where: { id: expired.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expiredToken = expired.inviteUrl.split('/').pop()!;
    const { browser, page } = await registrationPage(invite);
    const refused = await register(browser, page, {
      username: 'late',
      email: 'late@example.com',
      invite: expiredToken,
    });
    expect(refused.status).toBe(403);

    const fresh = await invite.auth.administration.createInvitation(actor);
    const token = fresh.inviteUrl.split('/').pop()!;
    const second = await registrationPage(invite);
    const badName = await register(second.browser, second.page, {
      username: 'x',
      email: 'bad-name@example.com',
      invite: token,
    });
    expect(badName.status).toBe(400);
    expect(await invite.auth.invitations.isValid(token)).toBe(true);
  });
});

describe('SIGNUP=closed', () => {
  it('shows no registration form and refuses a posted one', async () => {
    const { browser, page } = await registrationPage(closed);
    expect(page.body).toContain('Sign-ups are closed');
    expect(page.body).not.toContain('name="password"');
    const login = await browser.follow(
      authorizeUrl({
        clientId: webClientOf(closed).id,
        redirectUri: REDIRECT,
        scope: 'openid',
        pkce: pkce(),
      }),
    );
    expect(login.body).not.toContain('Create an account');
    const uid = /\/interaction\/([^/"]+)\/login/.exec(login.body)![1]!;
    const posted = await browser.request(`/interaction/${uid}/register`, {
      form: {
        _csrf: csrfOf(login.body),
        username: 'sneaky',
        email: 'sneaky@example.com',
        password: PASSWORD,
      },
    });
    expect(posted.status).toBe(403);
    expect(await test.db.prisma.user.count({ where: { username: 'sneaky' } })).toBe(0);
  });
});

describe('CLIENT_REGISTRATION=closed', () => {
  const registration = {
    client_name: 'Some MCP client',
    redirect_uris: ['http://127.0.0.1:9/cb'],
    token_endpoint_auth_method: 'none',
  };
  const post = (url: string) =>
    fetch(`${url}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(registration),
    });

  it('refuses /reg in the OAuth error shape; open servers still register', async () => {
    const res = await post(closed.url);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: 'access_denied' });
    expect(await test.db.prisma.oidcPayload.count({ where: { type: 'Client' } })).toBe(0);
    expect((await post(invite.url)).status).toBe(201);
  });

  it('keeps client ID metadata documents available', async () => {
    const discovery = (await (
      await fetch(`${closed.url}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    expect(discovery.client_id_metadata_document_supported).toBe(true);
    // Registration and metadata documents are separate doors: closing one
    // leaves the other, and discovery lists only the open one (RFC 8414 §2).
    expect(discovery).not.toHaveProperty('registration_endpoint');
    const open = (await (
      await fetch(`${invite.url}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    expect(open.registration_endpoint).toBe(`${invite.url}/reg`);
  });
});
