import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Browser as HttpBrowser } from '../../scripts/lib/browser.js';
import { openMcpSession } from '../../scripts/lib/mcp-session.js';
import {
  authorizeUrl,
  callbackParams,
  consent,
  pkce,
  signIn,
  tokenRequest,
} from '../../scripts/lib/oauth.js';
import { accessibilityProblems } from '../../test/support/accessibility.js';
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
    await page.getByRole('button', { name: 'Show' }).click();
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
    // Cited public memories are links riker can open: read-only, without the owner's controls.
    const cited = riker.locator('.citations a', { hasText: 'Earl Grey' });
    expect(await cited.getAttribute('href')).toMatch(/^\/memories\/[0-9a-f-]{36}$/);
    await cited.click();
    await riker.getByRole('heading', { name: 'A public memory' }).waitFor();
    await shot(riker, '08b-public-memory');
    expect(await riker.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect(await riker.getByRole('link', { name: /Delete/ }).count()).toBe(0);
    expect(await riker.locator('main').textContent()).not.toMatch(
      /Edit history|No earlier versions/,
    );
    // Going to the edit and delete addresses directly is refused, and nothing changes.
    const publicUrl = riker.url();
    expect((await riker.goto(`${publicUrl}/edit`))?.status()).toBe(403);
    expect((await riker.goto(`${publicUrl}/delete`))?.status()).toBe(403);
    await riker.getByText('only its owner can change or delete it').waitFor();
    await riker.goto(`${system.clientUrl}/persona?username=jeanluc`);
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

    // Sign out: the web session ends; the server explains and asks about its own.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign out of Picard on this browser too?' }).waitFor();
    expect(await page.locator('main').textContent()).toMatch(/You have signed out of Picard web/);
    await shot(page, '11-signed-out');
    // Even staying signed in to Picard leaves no silent way back: the password is asked for.
    await page.getByRole('button', { name: 'Stay signed in to Picard' }).click();
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

    // Every problem is named at once, in the form's words, and what was typed stays.
    await page.getByRole('link', { name: 'New memory' }).first().click();
    await page.getByLabel('Memory').fill('   ');
    await page.getByLabel(/^Tags/).fill(`cats, ${'x'.repeat(51)}`);
    await page.getByLabel('Forget it on').fill('2001-01-01');
    await page.getByRole('button', { name: 'Save memory' }).click();
    await page.getByText('3 things to fix').waitFor();
    await shot(page, '13-validation');
    for (const message of [
      'Write the memory: it cannot be empty.',
      'Each tag can be at most 50 characters',
      'Choose today or a later day for when to forget it.',
    ]) {
      expect(await page.locator('[role=alert]').textContent()).toContain(message);
    }
    for (const field of ['Memory', 'Forget it on']) {
      expect(await page.getByLabel(field).getAttribute('aria-invalid')).toBe('true');
    }
    expect(await page.getByLabel(/^Tags/).inputValue()).toBe(`cats, ${'x'.repeat(51)}`);
    expect(await page.getByLabel('Forget it on').inputValue()).toBe('2001-01-01');
    await page.getByLabel('Memory').fill('Spot is my cat; she likes Odes to Spot');
    await page.getByLabel(/^Tags/).fill('cats');
    await page.getByLabel('Forget it on').fill('2031-01-01');
    await page.getByRole('button', { name: 'Save memory' }).click();
    await page.getByText('Memory saved.').waitFor();
    // The end of that day in the person's time zone (UTC until they choose one), named.
    const expiry = page.locator('time[datetime="2031-01-01T23:59:59.000Z"]');
    expect(await expiry.getAttribute('title')).toMatch(/2031.*UTC$/);
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
    await page.getByRole('link', { name: 'More memories' }).click();
    const second = await page.locator('.memories li').allTextContents();
    expect(second).toEqual([
      expect.stringMatching(/^\s*Log entry 1(?!\d)/),
      expect.stringMatching(/Spot/),
    ]);

    await page.getByLabel('Tag', { exact: true }).fill('cats');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await page.locator('.memories li').allTextContents()).toEqual([
      expect.stringMatching(/Spot is my cat[\s\S]*forgotten in/),
    ]);

    // Deleting asks first; keeping it changes nothing.
    await page.getByRole('link', { name: /Spot is my cat/ }).click();
    await page.getByRole('link', { name: 'Delete…' }).click();
    await page.getByRole('heading', { name: 'Delete this memory?' }).waitFor();
    await shot(page, '14-delete-confirm');
    await page.getByRole('link', { name: 'Keep it' }).click();
    await page.getByRole('heading', { name: 'Your memory' }).waitFor();
    await page.getByRole('link', { name: 'Delete…' }).click();
    await page.getByRole('button', { name: 'Delete this memory' }).click();
    await page.getByText('Memory deleted.').waitFor();
    expect(await page.locator('main').textContent()).not.toMatch(/Spot/);
    const gone = await page.goto(spotUrl);
    expect(gone?.status()).toBe(404);
    await context.close();
  });

  it('dashboard counts and tags, sorting, bulk changes, activity of an MCP client, people, time zone, accessibility', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await signUp(context, 'beverly');
    const problems: string[] = [];
    const check = async (name: string) => {
      problems.push(...(await accessibilityProblems(page)));
      await shot(page, name);
    };

    const user = await system.database.db.prisma.user.findUniqueOrThrow({
      where: { username: 'beverly' },
    });
    const made: string[] = [];
    for (const [text, tags, permission] of [
      ['Dance lessons on Tuesdays', ['dance'], 'public'],
      ['Tea with Jean-Luc on Fridays', ['tea', 'friends'], 'private'],
      ['Candle from Ronin', ['family'], 'private'],
      ['Sickbay inventory is due monthly', ['work'], 'private'],
    ] as const) {
      const memory = await system.server.store.memories.create(user.id, {
        text,
        tags: [...tags],
        permission,
      });
      made.push(memory.id);
    }

    // Counts and tags on the dashboard; tags filter; the oldest-first order.
    await page.getByRole('link', { name: 'Memories', exact: true }).click();
    expect(await page.locator('.counts').textContent()).toMatch(
      /4 memories:\s*3 private, 1 public/,
    );
    expect(await page.getByRole('navigation', { name: 'Your tags' }).textContent()).toMatch(
      /dance/,
    );
    await check('15-dashboard-counts-tags');
    // The filter labels sit on one line.
    const filters = page.getByRole('search', { name: 'Filter memories' });
    const top = async (label: string) =>
      (await filters.locator('label', { hasText: label }).boundingBox())!.y;
    expect(await top('Tag')).toBe(await top('Permission'));
    expect(await top('Order')).toBe(await top('Permission'));
    await page
      .getByRole('navigation', { name: 'Your tags' })
      .getByRole('link', { name: 'work' })
      .click();
    expect(await page.locator('.memories li').allTextContents()).toEqual([
      expect.stringMatching(/Sickbay inventory/),
    ]);
    await page.goto(`${system.clientUrl}/memories?sort=oldest`);
    expect(await page.locator('.memories li a').first().textContent()).toBe(
      'Dance lessons on Tuesdays',
    );
    expect(await page.getByLabel('Order').inputValue()).toBe('oldest');

    // Bulk: exactly the selected memories change, after a confirmation page.
    await page.getByLabel('Select: Tea with Jean-Luc on Fridays').check();
    await page.getByLabel('Select: Candle from Ronin').check();
    await page.getByLabel('Action').selectOption('add-tag');
    await page.getByLabel(/^Tag \(to add/).fill('personal');
    await page.getByRole('button', { name: 'Review changes' }).click();
    await page.getByRole('heading', { name: 'Confirm the change' }).waitFor();
    await check('16-bulk-confirm');
    expect(await page.locator('main li').allTextContents()).toEqual([
      'Tea with Jean-Luc on Fridays',
      'Candle from Ronin',
    ]);
    await page.getByRole('button', { name: /Add the tag “personal”: 2 memories/ }).click();
    await page.getByText('Add the tag “personal”: done for 2 memories.').waitFor();
    const tagsOf = async () =>
      Object.fromEntries(
        (await system.database.db.prisma.memory.findMany({ where: { userId: user.id } })).map(
          (row) => [row.id, row.tags],
        ),
      );
    expect(await tagsOf()).toEqual({
      [made[0]!]: ['dance'],
      [made[1]!]: ['tea', 'friends', 'personal'],
      [made[2]!]: ['family', 'personal'],
      [made[3]!]: ['work'],
    });
    await page.getByLabel('Select: Sickbay inventory is due monthly').check();
    await page.getByLabel('Action').selectOption('delete');
    await page.getByRole('button', { name: 'Review changes' }).click();
    await page.getByRole('button', { name: 'Delete: 1 memory' }).click();
    await page.getByText('Delete: done for 1 memory.').waitFor();
    expect(Object.keys(await tagsOf()).sort()).toEqual(made.slice(0, 3).sort());

    // An assistant connected over MCP writes and searches; the activity page shows it.
    const assistant = await mcpClientFor('beverly', 'Tricorder Assistant');
    expect(
      await assistant.call('submit_memory', { text: 'Patient in bed 4 prefers mint tea' }),
    ).toBe(true);
    expect(await assistant.call('query_memory', { query: 'tea' })).toBe(true);
    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
    const rows = await page.locator('table.activity tbody tr').allTextContents();
    expect(rows[0]).toMatch(/Tricorder Assistant\s*\(MCP\)\s*searched, finding \d+ memor/);
    expect(rows[1]).toMatch(/Tricorder Assistant\s*\(MCP\)\s*created memory 1/);
    await check('17-activity');
    await page.getByLabel('Application').selectOption({ label: 'Tricorder Assistant' });
    await page.getByLabel('Action', { exact: true }).selectOption('memory.create');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await page.locator('table.activity tbody tr').count()).toBe(1);
    // The memory's own page names where it came from.
    await page.locator('table.activity').getByRole('link', { name: 'memory 1' }).click();
    await page.getByText(/Written through Tricorder Assistant \(MCP\)/).waitFor();
    await check('18-memory-origin');

    // Times in the chosen zone, named; the choice is kept.
    await page.getByRole('link', { name: 'beverly', exact: true }).click();
    await page.getByLabel('Show times in').selectOption('Asia/Tokyo');
    await page.getByRole('button', { name: 'Save time zone' }).click();
    await page.getByText('Times are now shown in Asia/Tokyo.').waitFor();
    await check('19-profile');
    await page.getByRole('link', { name: 'Memories', exact: true }).click();
    expect(await page.locator('.memories time').first().getAttribute('title')).toMatch(/GMT\+9$/);

    // People: someone's public page lists only their public memories, and searches them.
    const other = await browser.newContext();
    const guinan = await signUp(other, 'guinan');
    await guinan.getByRole('link', { name: 'People' }).click();
    await guinan.getByLabel('Username').fill('beverly');
    await guinan.getByRole('button', { name: 'Show their public memories' }).click();
    await guinan.getByRole('heading', { name: 'beverly’s public memories' }).waitFor();
    expect(await guinan.locator('.memories li a').allTextContents()).toEqual([
      'Dance lessons on Tuesdays',
    ]);
    await guinan.getByLabel('Search beverly’s public memories').fill('dance lessons');
    await guinan.getByRole('button', { name: 'Search' }).click();
    expect(await guinan.locator('.memories li a').allTextContents()).toEqual([
      'Dance lessons on Tuesdays',
    ]);
    problems.push(...(await accessibilityProblems(guinan)));
    await shot(guinan, '20-people');
    await other.close();

    // The remaining pages, checked for accessibility too.
    for (const [path, name] of [
      ['/memories/new', '21-new-memory'],
      ['/search?q=tea', '22-search'],
      ['/persona', '23-persona'],
      [`/memories/${made[0]}`, '24-memory'],
      [`/memories/${made[0]}/delete`, '25-delete'],
    ] as const) {
      await page.goto(`${system.clientUrl}${path}`);
      await check(name);
    }
    await page.goto(system.clientUrl.replace(/\/$/, '') + '/nowhere');
    await check('26-not-found');
    const landing = await browser.newContext();
    const start = await landing.newPage();
    await start.goto(system.clientUrl);
    expect(await start.title()).toBe('Picard');
    problems.push(...(await accessibilityProblems(start)));
    expect(problems).toEqual([]);
    // The checker does report what it should: an unlabelled field on a page of ours.
    await start.setContent('<!doctype html><html lang="en"><title>t</title><main><input></main>');
    expect(await accessibilityProblems(start)).toEqual([expect.stringMatching(/label/)]);
    await landing.close();
    await context.close();
  });
});

/**
 * An MCP client as one registers itself (RFC 7591 dynamic registration,
 * public client, PKCE), authorised by `username` through the sign-in and
 * consent pages, with an initialised Streamable HTTP session.
 */
async function mcpClientFor(username: string, clientName: string) {
  const redirectUri = 'http://127.0.0.1:9/callback';
  const registration = await fetch(`${system.server.url}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: clientName,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    }),
  });
  const { client_id: clientId } = (await registration.json()) as { client_id: string };
  const http = new HttpBrowser(system.server.url);
  const verifier = pkce();
  const login = await http.follow(
    authorizeUrl({
      clientId,
      redirectUri,
      scope: 'memories:read memories:write',
      pkce: verifier,
      resource: `${system.server.url}/mcp`,
    }),
  );
  const code = callbackParams(
    await consent(http, await signIn(http, login, username, PASSWORD)),
  ).get('code')!;
  const tokens = await tokenRequest(
    system.server.url,
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier.verifier,
    },
    { id: clientId },
  );
  return openMcpSession(system.server.url, String(tokens.body.access_token), clientName);
}
