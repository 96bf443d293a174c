import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshotPath } from '../../test/support/chromium.js';
import { startSystem, type TestSystem } from '../../test/support/system.js';

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
  it('sign up, consent, manage, search, persona, history, profile, sign out, sign back in', async () => {
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
    // Someone else's memories are cited as text, not as links to pages riker cannot open.
    expect(await riker.locator('.citations li').count()).toBeGreaterThan(0);
    expect(await riker.locator('.citations a').count()).toBe(0);
    await riker.getByLabel('Question').fill('Do you play the Ressikan flute?');
    await riker.getByRole('button', { name: 'Ask' }).click();
    await riker.getByRole('heading', { name: 'jeanluc answers' }).waitFor();
    expect(await riker.locator('main').textContent()).not.toMatch(/Ressikan flute from a life/);
    await rikerContext.close();

    // Asking oneself: the cited memories are one's own, linked to their pages.
    await page.getByRole('link', { name: 'Ask a persona' }).click();
    await page.getByLabel('Username').fill('jeanluc');
    await page.getByLabel('Question').fill('What is your favourite drink?');
    await page.getByRole('button', { name: 'Ask' }).click();
    await page.getByRole('heading', { name: 'jeanluc answers' }).waitFor();
    const ownCitation = page.locator('.citations a', { hasText: 'Earl Grey' });
    expect(await ownCitation.getAttribute('href')).toMatch(/^\/memories\/[0-9a-f-]{36}$/);

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
    expect(await page.getByRole('link', { name: 'manage your account' }).getAttribute('href')).toBe(
      `${system.server.url}/account`,
    );
    await shot(page, '10-profile');

    // Sign out: the client session ends and the server asks to confirm its own.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    await shot(page, '11-signed-out');
    await page.goto(`${system.clientUrl}/memories`);
    await page.locator('input[name=password]').waitFor(); // sent to sign in

    // Signing back in asks for the password, not for consent again.
    await page.getByLabel('Username or email').fill('jeanluc');
    await page.getByLabel('Password').fill(PASSWORD);
    await shot(page, '12-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your memories' }).waitFor();
    expect(page.url()).toBe(`${system.clientUrl}/memories`);
    expect(await page.locator('.memories li').count()).toBe(2);

    await picardContext.close();
  });

  it('retrieval: a weak but only match is shown marked, a possible duplicate is offered, a replaced memory links to its successor', async () => {
    const context = await browser.newContext();
    const page = await signUp(context, 'troi');
    await createMemory(page, 'Book club at Maria’s on Thursdays', {
      permission: 'Only me',
      tags: '',
    });
    const clubUrl = page.url();

    // The paraphrase shares no word with the memory: it is still found, first.
    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('Find memories by meaning').fill('when does the reading group meet?');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('.score').first().waitFor();
    const main = await page.locator('main').textContent();
    expect(main).not.toMatch(/Nothing close enough/);
    expect(await page.locator('.memories li').first().textContent()).toMatch(/Book club/);
    await shot(page, '18-search-weak');
    // An unrelated query still lists it, marked as a weak match.
    await page.getByLabel('Find memories by meaning').fill('quantum chromodynamics lecture');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('.score').first().waitFor();
    expect(await page.locator('.memories li.weak').first().textContent()).toMatch(/Weak match/);

    // Writing nearly the same thing again: "possible duplicate", and it can replace the old one.
    await createMemory(page, 'The book club meets at Maria’s on Thursdays', {
      permission: 'Only me',
      tags: '',
    });
    await page.getByRole('heading', { name: 'Possible duplicate' }).waitFor();
    await shot(page, '19-possible-duplicate');
    const newUrl = page.url();
    await page.getByRole('button', { name: 'This one replaces it' }).click();
    await page.getByText('The older memory is now marked as replaced by this one.').waitFor();
    await page.goto(clubUrl);
    const successor = page.getByRole('link', { name: 'a newer memory' });
    expect(new URL((await successor.getAttribute('href'))!, system.clientUrl).href).toBe(newUrl);
    await shot(page, '20-superseded');
    await context.close();
  });

  it('manage: the API’s validation message at its field, expiry, tag filter, pages, delete', async () => {
    const context = await browser.newContext();
    const page = await signUp(context, 'data');

    // A refusal from the API is shown at its field, and the form keeps what was typed.
    await page.getByRole('link', { name: 'New memory' }).first().click();
    await page.getByLabel('Memory').fill('Spot is my cat; she likes Odes to Spot');
    await page.getByLabel(/^Tags/).fill(`cats, ${'x'.repeat(51)}`);
    await page.getByLabel('Forget it on').fill('2031-01-01');
    await page.getByRole('button', { name: 'Save memory' }).click();
    await page.getByText('each tag must be at most 50 characters').waitFor();
    await shot(page, '13-validation');
    expect(await page.getByLabel('Memory').inputValue()).toBe(
      'Spot is my cat; she likes Odes to Spot',
    );
    expect(await page.getByLabel('Forget it on').inputValue()).toBe('2031-01-01');
    expect(await page.getByLabel(/^Tags/).getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel(/^Tags/).fill('cats');
    await page.getByRole('button', { name: 'Save memory' }).click();
    await page.getByText('Memory saved.').waitFor();
    expect(await page.locator('main').textContent()).toMatch(/expires 2031-01-01/);
    const spotUrl = page.url();

    // More than a page of memories: the dashboard pages through them, newest first.
    const user = await system.database.db.prisma.user.findUniqueOrThrow({
      where: { username: 'data' },
    });
    for (let n = 1; n <= 21; n += 1) {
      await system.server.store.memories.create(user.id, { text: `Log entry ${n}`, tags: ['log'] });
    }
    await page.getByRole('link', { name: 'Memories', exact: true }).click();
    const first = await page.locator('.memories li').allTextContents();
    expect(first).toHaveLength(20);
    expect(first[0]).toMatch(/Log entry 21/);
    await page.getByRole('link', { name: 'Older memories' }).click();
    const second = await page.locator('.memories li').allTextContents();
    expect(second).toEqual([
      expect.stringMatching(/^Log entry 1(?!\d)/),
      expect.stringMatching(/Spot/),
    ]);

    await page.getByLabel('Tag').fill('cats');
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(await page.locator('.memories li').allTextContents()).toEqual([
      expect.stringMatching(/Spot is my cat[\s\S]*expires 2031-01-01/),
    ]);

    await page.getByRole('link', { name: /Spot is my cat/ }).click();
    await page.getByRole('button', { name: 'Delete this memory' }).click();
    await page.getByText('Memory deleted.').waitFor();
    expect(await page.locator('main').textContent()).not.toMatch(/Spot/);
    const gone = await page.goto(spotUrl);
    expect(gone?.status()).toBe(404);
    await context.close();
  });
});
