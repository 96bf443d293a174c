import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { resourceUser, type ResourceUser } from '../../../scripts/lib/resource-users.js';
import { launchChromium, screenshotPath } from '../../../test/support/chromium.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

const PASSWORD = 'make it so, number one';
const MEMORY_TEXT = 'Moriarty still lives in the holodeck buffer';

let test: TestDatabase;
let server: TestServer;
let browser: Browser;
let worf: ResourceUser;

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db, { ADMIN_USERNAMES: 'picard' });
  browser = await launchChromium();
  await server.auth.accounts.register({
    username: 'picard',
    email: 'picard@example.com',
    password: PASSWORD,
  });
  worf = await resourceUser(server, { prefix: 'worf' });
  expect((await worf.call('/api/v1/memories', { json: { text: MEMORY_TEXT } })).status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await test?.drop();
});

async function signIn(page: Page, username: string) {
  await page.goto(`${server.url}/account`);
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: `Your account: ${username}` }).waitFor();
}

/** No memory text on any admin page. */
async function expectNoMemoryText(page: Page) {
  expect(await page.content()).not.toContain(MEMORY_TEXT);
}

describe('the admin pages in Chromium', () => {
  it('an administrator manages users, applications and invitations, and sees the trail', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'picard');
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await expectNoMemoryText(page);
    await page.getByLabel('Search username or email').fill(worf.username);
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.getByRole('row', { name: new RegExp(worf.username) });
    await expect(row.getByRole('cell').nth(4).textContent()).resolves.toBe('1');
    await page.screenshot({ path: screenshotPath('admin-01-users'), fullPage: true });

    await page.getByRole('button', { name: `Suspend ${worf.username}` }).click();
    await page.getByText(`${worf.username} is suspended`).waitFor();
    expect((await worf.call('/api/v1/memories')).status).toBe(401);
    await page.getByRole('button', { name: `Restore ${worf.username}` }).click();
    await page.getByText(`${worf.username} can sign in again.`).waitFor();

    await page.getByRole('link', { name: 'Applications' }).click();
    await page.getByRole('cell', { name: 'Picard web picard-web' }).waitFor();
    await page.getByLabel('Name (shown on the consent page)').fill('Engineering console');
    await page
      .getByLabel('Redirect URIs (one per line)')
      .fill('https://engineering.example.com/cb');
    await page.getByRole('button', { name: 'Register the client' }).click();
    await page.getByText('Client secret of').waitFor();
    expect(await page.locator('#once-value').textContent()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await page.getByRole('button', { name: 'Delete Engineering console' }).waitFor();
    await page.screenshot({ path: screenshotPath('admin-02-applications'), fullPage: true });

    await page.getByRole('link', { name: 'Invitations' }).click();
    await page.getByRole('button', { name: 'Create an invitation link' }).click();
    expect(await page.locator('#once-value').textContent()).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);

    await page.getByRole('link', { name: 'Users' }).click();
    await page
      .getByRole('row', { name: new RegExp(worf.username) })
      .getByRole('link', { name: 'Delete…' })
      .click();
    await page.getByLabel(/Type the username/).fill('someone else');
    await page.getByRole('button', { name: 'Delete the account and its memories' }).click();
    await page.getByText(/type the username/).waitFor();
    await page.getByLabel(/Type the username/).fill(worf.username);
    await page.getByRole('button', { name: 'Delete the account and its memories' }).click();
    await page.getByText(`${worf.username} and their memories are deleted.`).waitFor();

    await page.getByRole('link', { name: 'Audit trail' }).click();
    for (const action of [
      'user.suspend',
      'user.restore',
      'client.create',
      'invite.create',
      'user.delete',
    ]) {
      await page.getByRole('cell', { name: action, exact: true }).waitFor();
    }
    await expectNoMemoryText(page);
    await page.screenshot({ path: screenshotPath('admin-03-audit'), fullPage: true });
    await context.close();
  });

  it('a signed-in non-admin is shown "Administrators only"', async () => {
    const other = await resourceUser(server, { prefix: 'alexander' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, other.username);
    expect(await page.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    const response = await page.goto(`${server.url}/account/admin/users`);
    expect(response?.status()).toBe(403);
    await page.getByRole('heading', { name: 'Administrators only' }).waitFor();
    await context.close();
  });
});
