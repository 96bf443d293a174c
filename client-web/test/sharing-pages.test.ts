import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { accessibilityProblems } from '../../test/support/accessibility.js';
import { launchChromium, screenshotPath } from '../../test/support/chromium.js';
import { startSystem, type TestSystem } from '../../test/support/system.js';

/**
 * The share dialog of a memory page, the groups page and "shared with me" on
 * the dashboard, in a real browser with no JavaScript, as three people use them.
 */

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

async function signUp(context: BrowserContext, username: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(system.clientUrl);
  await page.getByRole('link', { name: 'Create account' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.getByRole('heading', { name: 'Your memories' }).waitFor();
  return page;
}

async function createMemory(page: Page, text: string) {
  await page.getByRole('link', { name: 'New memory' }).first().click();
  await page.getByLabel('Memory').fill(text);
  await page.getByLabel('Only me').check();
  await page.getByRole('button', { name: 'Save memory' }).click();
  await page.getByText('Memory saved.').waitFor();
}

async function sharedWithMe(page: Page): Promise<string[]> {
  await page.goto(`${system.clientUrl}/memories?scope=shared`);
  await page.getByRole('heading', { name: 'Shared with me' }).waitFor();
  return page.locator('.memories li').allTextContents();
}

describe('sharing in the web client', () => {
  it('shares with a person and a group, shows "shared with me", and withdraws', async () => {
    const problems: string[] = [];
    const beverly = await signUp(await browser.newContext(), 'beverly');
    const wesley = await signUp(await browser.newContext(), 'wesley');
    const alyssa = await signUp(await browser.newContext(), 'alyssa');

    // A group, made on the groups page.
    await beverly.getByRole('link', { name: 'Groups' }).click();
    await beverly.getByRole('heading', { name: 'Groups', level: 1 }).waitFor();
    await beverly.getByLabel('Name', { exact: true }).fill('Sickbay');
    await beverly.getByLabel(/^Members/).fill('alyssa');
    await beverly.getByRole('button', { name: 'Create group' }).click();
    await beverly.getByText('Group created.').waitFor();
    expect(await beverly.locator('.groups').textContent()).toMatch(/Sickbay[\s\S]*alyssa/);
    problems.push(...(await accessibilityProblems(beverly)));
    await beverly.screenshot({ path: screenshotPath('web-sharing-groups'), fullPage: true });

    // The share dialog on the memory page.
    await createMemory(beverly, 'The dilithium allergy treatment needs 20 cc of hyronalin');
    const memoryUrl = beverly.url();
    await beverly.getByLabel(/^People/).fill('wesley');
    await beverly.getByLabel('Sickbay').check();
    await beverly.getByRole('button', { name: 'Save sharing' }).click();
    await beverly.getByText('Sharing saved.').waitFor();
    expect(await beverly.locator('#sharing-heading + p').textContent()).toMatch(
      /Shared with wesley, Sickbay \(group\)/,
    );
    problems.push(...(await accessibilityProblems(beverly)));
    await beverly.screenshot({ path: screenshotPath('web-sharing-dialog'), fullPage: true });

    // The people it was shared with see it under "shared with me", read-only.
    expect(await sharedWithMe(wesley)).toEqual([expect.stringMatching(/hyronalin/)]);
    expect(await sharedWithMe(alyssa)).toEqual([expect.stringMatching(/hyronalin/)]);
    problems.push(...(await accessibilityProblems(wesley)));
    await wesley.locator('.memories li a').first().click();
    await wesley.getByText('Shared with you by its owner').waitFor();
    expect(await wesley.getByRole('button', { name: 'Save sharing' }).count()).toBe(0);

    // The owner sees who read it.
    await beverly.goto(memoryUrl);
    expect(await beverly.locator('.reads').textContent()).toMatch(/wesley/);

    // A member who leaves the group no longer sees it.
    await alyssa.getByRole('link', { name: 'Groups' }).click();
    await alyssa.getByRole('button', { name: 'Leave Sickbay' }).click();
    await alyssa.getByText('You left the group.').waitFor();
    expect(await sharedWithMe(alyssa)).toEqual([]);

    // Withdrawn: gone at once.
    await beverly.getByRole('button', { name: 'Stop sharing' }).click();
    await beverly.getByText('This memory is no longer shared.').waitFor();
    expect(await sharedWithMe(wesley)).toEqual([]);

    // An unknown username is named back, nothing changes.
    await beverly.getByLabel(/^People/).fill('nobody-here');
    await beverly.getByRole('button', { name: 'Save sharing' }).click();
    await beverly.getByText('no such user: nobody-here').waitFor();
    expect(problems).toEqual([]);
  });
});
