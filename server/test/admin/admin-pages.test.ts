import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Browser, csrfOf } from '../../../scripts/lib/browser.js';
import { resourceUser, type ResourceUser } from '../../../scripts/lib/resource-users.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

const PASSWORD = 'make it so, number one';

let test: TestDatabase;
let server: TestServer;
let admin: ResourceUser;
let plain: ResourceUser;
const secretText = `the captain's private log ${randomBytes(6).toString('hex')}`;

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db);
  admin = await resourceUser(server, { prefix: 'admin' });
  // resourceUser picks a random suffix: make this one an administrator by its stored role.
  await server.auth.accounts.setRole(
    (await server.auth.accounts.resolve(admin.username))!,
    'admin',
  );
  plain = await resourceUser(server, { prefix: 'wesley' });
  const created = await plain.call('/api/v1/memories', { json: { text: secretText } });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await server.close();
  await test.drop();
});

/** A browser signed in to the account page as `username`. */
async function signedIn(username: string) {
  const browser = new Browser(server.url);
  const form = await browser.request('/account');
  const page = await browser.follow('/account/login', {
    form: { _csrf: csrfOf(form.body), username, password: PASSWORD },
  });
  expect(page.status).toBe(200);
  return { browser, csrf: csrfOf(page.body), page };
}

const PAGES = [
  '/account/admin/users',
  '/account/admin/apps',
  '/account/admin/invitations',
  '/account/admin/audit',
];

describe('the admin pages', () => {
  it('refuse a non-admin on every page and action (403), changing nothing', async () => {
    const victim = await resourceUser(server, { prefix: 'lwaxana' });
    const { browser, csrf, page } = await signedIn(plain.username);
    expect(page.body).not.toContain('/account/admin');
    for (const path of PAGES) {
      expect([path, (await browser.request(path)).status]).toEqual([path, 403]);
    }
    const posts: [string, Record<string, string>][] = [
      [`/account/admin/users/${victim.username}/suspend`, {}],
      [`/account/admin/users/${victim.username}/restore`, {}],
      [`/account/admin/users/${victim.username}/sign-out`, {}],
      [`/account/admin/users/${victim.username}/password-reset`, {}],
      [`/account/admin/users/${victim.username}/delete`, { confirm_username: victim.username }],
      ['/account/admin/apps', { name: 'x', redirect_uris: 'https://x.example/cb' }],
      ['/account/admin/apps/revoke', { client_id: 'picard-web' }],
      ['/account/admin/apps/delete', { client_id: 'picard-web' }],
      ['/account/admin/invitations', {}],
    ];
    for (const [path, form] of posts) {
      const res = await browser.request(path, { form: { _csrf: csrf, ...form } });
      expect([path, res.status]).toEqual([path, 403]);
    }
    expect((await victim.call('/api/v1/memories')).status).toBe(200);
    expect(await test.db.prisma.adminAuditEntry.count()).toBe(0);
    expect(await test.db.prisma.invitation.count()).toBe(0);
    // Without a session: back to the sign-in form.
    const anonymous = await new Browser(server.url).request('/account/admin/users');
    expect(anonymous.status).toBe(303);
  });

  it('show users, applications, invitations and the trail to an admin, never memory text', async () => {
    const { browser, page } = await signedIn(admin.username);
    expect(page.body).toContain('href="/account/admin"');
    const users = await browser.request('/account/admin/users');
    expect(users.status).toBe(200);
    expect(users.body).toContain(plain.username);
    expect(users.body).toContain(`${plain.username}@example.com`);
    const search = await browser.request(`/account/admin/users?q=${plain.username}`);
    expect(search.body).toContain('1 account matching');
    for (const path of [...PAGES, `/account/admin/users/${plain.username}/delete`]) {
      const res = await browser.request(path);
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.body).not.toContain(secretText);
      expect(res.body).not.toContain("captain's private log");
    }
  });

  it('suspend from the page revokes the user’s tokens at once; actions are in the trail', async () => {
    const victim = await resourceUser(server, { prefix: 'ensign' });
    const { browser, csrf } = await signedIn(admin.username);
    const wrongCsrf = await browser.request(`/account/admin/users/${victim.username}/suspend`, {
      form: { _csrf: 'forged' },
    });
    expect(wrongCsrf.status).toBe(403);
    expect((await victim.call('/api/v1/memories')).status).toBe(200);

    const done = await browser.request(`/account/admin/users/${victim.username}/suspend`, {
      form: { _csrf: csrf },
    });
    expect(done.status).toBe(200);
    expect(done.body).toContain(`${victim.username} is suspended`);
    expect((await victim.call('/api/v1/memories')).status).toBe(401);

    const reset = await browser.request(`/account/admin/users/${victim.username}/password-reset`, {
      form: { _csrf: csrf },
    });
    expect(reset.body).toMatch(/\/account\/reset\/[A-Za-z0-9_-]{43}/);

    const wrongName = await browser.request(`/account/admin/users/${victim.username}/delete`, {
      form: { _csrf: csrf, confirm_username: 'nope' },
    });
    expect(wrongName.status).toBe(400);
    expect(await test.db.prisma.user.count({ where: { username: victim.username } })).toBe(1);
    const deleted = await browser.request(`/account/admin/users/${victim.username}/delete`, {
      form: { _csrf: csrf, confirm_username: victim.username },
    });
    expect(deleted.status).toBe(200);
    expect(await test.db.prisma.user.count({ where: { username: victim.username } })).toBe(0);

    const app = await browser.request('/account/admin/apps', {
      form: { _csrf: csrf, name: 'Ops console', redirect_uris: 'https://ops.example.com/cb' },
    });
    expect(app.status).toBe(200);
    const secret = /id="once-value">([^<]+)</.exec(app.body)![1]!;
    const apps = await browser.request('/account/admin/apps');
    expect(apps.body).toContain('Ops console');
    expect(apps.body).toContain('ops.example.com');
    expect(apps.body).not.toContain(secret);

    const invitation = await browser.request('/account/admin/invitations', {
      form: { _csrf: csrf },
    });
    expect(invitation.body).toMatch(/\/invite\/[A-Za-z0-9_-]{43}/);

    const trail = await browser.request('/account/admin/audit');
    for (const action of [
      'user.suspend',
      'user.password_reset',
      'user.delete',
      'client.create',
      'invite.create',
    ]) {
      expect(trail.body).toContain(action);
    }
    expect(trail.body).toContain(victim.username);
    expect(trail.body).toContain(admin.username);
    // Links and secrets are not in the trail.
    expect(trail.body).not.toContain(secret);
    expect(trail.body).not.toMatch(/\/invite\/[A-Za-z0-9_-]{43}/);
  });

  it('escapes what users typed, and refuses names no account can have', async () => {
    const { browser, csrf } = await signedIn(admin.username);
    expect((await browser.request('/account/admin/users?q=%00')).status).toBe(400);
    const nul = await browser.request('/account/admin/users/bad%00name/suspend', {
      form: { _csrf: csrf },
    });
    expect(nul.status).toBe(400);
    const res = await browser.request('/account/admin/users?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(res.status).toBe(200);
    expect(res.body).not.toContain('<script>');
    expect(res.body).toContain('&lt;script&gt;');
  });
});
