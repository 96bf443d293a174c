import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshotPath } from '../../test/helpers/chromium.js';
import { startSystem, type TestSystem } from './helpers/system.js';

let system: TestSystem;
let browser: Browser;

beforeAll(async () => {
  system = await startSystem();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await system?.close();
});

const PASSWORD = 'engage at warp nine';

async function shot(page: Page, name: string) {
  await page.screenshot({ path: screenshotPath(`web-${name}`), fullPage: true });
}

/** Creates an account from the landing page and consents; ends on the dashboard. */
async function signUp(
  context: BrowserContext,
  username: string,
  screenshots = false,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(system.clientUrl);
  if (screenshots) await shot(page, '01-landing');
  await page.getByRole('link', { name: 'Create account' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Password').fill(PASSWORD);
  if (screenshots) await shot(page, '02-register');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Allow' }).waitFor();
  if (screenshots) await shot(page, '03-consent');
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.getByRole('heading', { name: 'Your memories' }).waitFor();
  return page;
}

async function createMemory(
  page: Page,
  text: string,
  options: { permission: 'Only me' | 'Public'; tags: string },
) {
  await page.getByRole('link', { name: 'New memory' }).first().click();
  await page.getByLabel('Memory').fill(text);
  await page.getByLabel(options.permission).check();
  await page.getByLabel(/^Tags/).fill(options.tags);
  await page.getByRole('button', { name: 'Save memory' }).click();
  await page.getByText('Memory saved.').waitFor();
}

describe('the web client in a real browser', () => {
  it('sign up, consent, manage, search, persona, history, profile, sign out', async () => {
    const picardContext = await browser.newContext();
    const page = await signUp(picardContext, 'jeanluc', true);
    await shot(page, '04-dashboard-empty');

    // No token ever reaches the browser: only the session cookie, HttpOnly.
    const cookies = await picardContext.cookies(system.clientUrl);
    const session = cookies.find((cookie) => cookie.name === 'picard-web.sid')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(await page.content()).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);

    await createMemory(page, 'I keep a Ressikan flute from a life lived on Kataan', {
      permission: 'Only me',
      tags: 'music, kataan',
    });
    await shot(page, '05-memory-detail');
    await createMemory(page, 'Earl Grey tea, hot, is my favourite drink', {
      permission: 'Public',
      tags: 'tea',
    });
    await page.getByRole('link', { name: 'Memories', exact: true }).click();
    expect(await page.locator('.memories li').count()).toBe(2);
    await shot(page, '06-dashboard');
    await page.getByLabel('Permission').selectOption('public');
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(await page.locator('.memories li').allTextContents()).toEqual([
      expect.stringMatching(/Earl Grey/),
    ]);

    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('Find memories by meaning').fill('flute music');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('.score').first().waitFor();
    expect(await page.locator('.memories li').first().textContent()).toMatch(/Ressikan flute/);
    await shot(page, '07-search');
    await page.getByLabel('Find memories by meaning').fill('favourite hot drink');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('.score').first().waitFor();
    expect(await page.locator('.memories li').first().textContent()).toMatch(/Earl Grey/);

    // A second person asks about the first: only the public memory is used.
    const rikerContext = await browser.newContext();
    const riker = await signUp(rikerContext, 'williamriker');
    await riker.getByRole('link', { name: 'Ask a persona' }).click();
    await riker.getByLabel('Username').fill('jeanluc');
    await riker.getByLabel('Question').fill('What is your favourite drink?');
    await riker.getByRole('button', { name: 'Ask' }).click();
    await riker.getByRole('heading', { name: 'jeanluc answers' }).waitFor();
    await shot(riker, '08-persona');
    const answerSection = await riker.locator('main').textContent();
    expect(answerSection).toMatch(/Earl Grey/);
    expect(answerSection).not.toMatch(/Ressikan|flute/);
    await riker.getByLabel('Question').fill('Do you play the Ressikan flute?');
    await riker.getByRole('button', { name: 'Ask' }).click();
    await riker.getByRole('heading', { name: 'jeanluc answers' }).waitFor();
    expect(await riker.locator('main').textContent()).not.toMatch(/Ressikan flute from a life/);
    await rikerContext.close();

    // Edit shows the history.
    await page.getByRole('link', { name: 'Memories', exact: true }).click();
    await page.getByRole('link', { name: /Earl Grey/ }).click();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Memory').fill('Earl Grey tea, hot, is still my favourite drink');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    expect(await page.locator('.memory-text').textContent()).toMatch(/still my favourite/);
    expect(await page.locator('ol.memories li').allTextContents()).toEqual([
      expect.stringMatching(/Earl Grey tea, hot, is my favourite drink/),
    ]);
    await shot(page, '09-history');

    await page.getByRole('link', { name: 'jeanluc' }).click();
    await page.getByText('jeanluc@example.com').waitFor();
    await shot(page, '10-profile');

    // Sign out: the client session ends and the server asks to confirm its own.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    await shot(page, '11-signed-out');
    await page.goto(`${system.clientUrl}/memories`);
    await page.locator('input[name=password]').waitFor(); // sent to sign in

    await picardContext.close();
  });
});
