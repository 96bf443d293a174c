import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { createLogger } from '../../server/src/logger.js';
import { startBackgroundJobs } from '../../server/src/memories/background-jobs.js';
import { launchChromium, screenshotPath } from '../../test/support/chromium.js';
import { startSystem, type TestSystem } from '../../test/support/system.js';

/**
 * Export and import in a real browser, without scripts: the profile page's
 * downloads, and the import page's upload, dry-run preview, import and
 * progress (a page that refreshes itself until the embedding is done).
 */

let system: TestSystem;
let browser: Browser;
let stopJobs: (() => Promise<void>) | undefined;

beforeAll(async () => {
  system = await startSystem();
  // The server's background embedding, which imports rely on.
  stopJobs = startBackgroundJobs({
    db: system.database.db,
    embeddings: system.server.store.embeddings,
    logger: createLogger('silent', 'test'),
    retryIntervalMs: 60_000,
    purgeGraceMs: 86_400_000,
  });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stopJobs?.();
  await system?.close();
});

async function shot(page: Page, name: string) {
  await page.screenshot({ path: screenshotPath(`web-transfer-${name}`), fullPage: true });
}

async function signUp(page: Page, username: string) {
  await page.goto(system.clientUrl);
  await page.getByRole('link', { name: 'Create account' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Password').fill('engage at warp nine');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.getByRole('heading', { name: 'Your memories' }).waitFor();
}

/** Uploads `content` as a file on the import page and asks for the preview. */
async function preview(page: Page, name: string, content: string) {
  await page.getByRole('link', { name: 'Import', exact: true }).first().click();
  await page.getByLabel('File to import').setInputFiles({
    name,
    mimeType: 'text/plain',
    buffer: Buffer.from(content),
  });
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByRole('heading', { name: 'Check the import' }).waitFor();
}

async function download(page: Page, link: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: link }).click(),
  ]);
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

describe('export and import in the web client', () => {
  it('upload, preview, import with progress, download, and a second import that adds nothing', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signUp(page, 'beverly');

    const notes = [
      '# Notes from sickbay',
      '',
      '- Chief medical officer of the Enterprise',
      '- Runs the ship’s theatre group',
      '',
      'Taught dance lessons to Data.',
      'He learned the tap routine in one evening.',
    ].join('\n');
    await preview(page, 'notes.md', notes);
    await page.getByText('3 memories to import').waitFor();
    const rows = page.locator('table tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.nth(2).innerText()).toMatch(
      /^6\tTaught dance lessons to Data\.\s+He learned/,
    );
    await shot(page, '01-preview');

    await page.getByRole('button', { name: 'Import 3 memories' }).click();
    // The progress page refreshes itself (no scripts) until everything is searchable.
    await page
      .getByText('Done: every imported memory can be found by search.')
      .waitFor({ timeout: 60_000 });
    expect(await page.locator('progress').getAttribute('value')).toBe('3');
    expect(await page.locator('script').count()).toBe(0);
    await shot(page, '02-done');

    const progressUrl = page.url();
    await page.getByRole('link', { name: 'Your memories' }).click();
    await page.getByText('Runs the ship’s theatre group').waitFor();

    // Another person cannot follow this import.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signUp(otherPage, 'wesley');
    const refused = await otherPage.goto(progressUrl);
    expect(refused!.status()).toBe(404);
    await otherPage.getByText('That import does not exist, or it is not yours to see.').waitFor();
    await other.close();

    await page.getByRole('link', { name: 'beverly' }).click();
    await shot(page, '03-profile');
    const bundle = await download(page, 'Download your memories');
    expect(bundle.name).toMatch(/^picard-beverly-\d{4}-\d{2}-\d{2}\.jsonl$/);
    const lines = bundle.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ format: 'picard-memories', user: { username: 'beverly' } });
    expect(lines.slice(1, -1).map((line) => line.text)).toEqual([
      'Chief medical officer of the Enterprise',
      'Runs the ship’s theatre group',
      'Taught dance lessons to Data.\nHe learned the tap routine in one evening.',
    ]);
    expect(lines.at(-1)).toEqual({ type: 'end', memories: 3 });
    const markdown = await download(page, 'Download as Markdown');
    expect(markdown.name).toMatch(/\.md$/);
    expect(markdown.text).toContain('# Memories of beverly');

    // The same memories again: the preview says nothing is new, and offers no import.
    await preview(page, bundle.name, bundle.text);
    await page.getByText('0 memories to import, 3 skipped').waitFor();
    expect(await page.getByText('already imported').count()).toBe(3);
    expect(await page.getByRole('button', { name: /^Import/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Start again' }).click();
    await page.getByRole('heading', { name: 'Import memories' }).waitFor();
    await context.close();
  }, 180_000);

  it('a file with bad lines: every problem by line number, and nothing to import', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signUp(page, 'geordi');
    const graph = [
      '{"type":"entity","name":"VISOR","entityType":"device","observations":["Lets Geordi see"]}',
      '{"type":"relation","from":"Geordi"',
      '{"type":"entity","name":"","entityType":"person","observations":[]}',
    ].join('\n');
    await preview(page, 'memory.jsonl', graph);
    await page.getByText('Line 2: not valid JSON').waitFor();
    await page.getByText('Line 3: name must not be empty').waitFor();
    await page.getByText(/Nothing will be imported while the file has problems/).waitFor();
    expect(await page.getByRole('button', { name: /^Import/ }).count()).toBe(0);
    await shot(page, '04-problems');
    await page.getByRole('button', { name: 'Start again' }).click();
    await page.getByRole('link', { name: 'Memories', exact: true }).click();
    await page.getByRole('heading', { name: 'Your memories' }).waitFor();
    expect(await page.locator('.memories li').count()).toBe(0);
    await context.close();
  }, 120_000);
});
