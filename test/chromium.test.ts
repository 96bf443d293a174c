import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import { chooseChromium } from './support/chromium.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-chromium-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const bundledRunsHere = process.platform === 'linux' && process.arch === 'x64';

/** One process that picks a browser the way the suites do, opens a page and reports. */
const LAUNCH = `
import { chooseChromium, launchChromium } from './test/support/chromium.ts';
const choice = await chooseChromium();
const browser = await launchChromium();
const page = await browser.newPage();
await page.setContent('<p id="p">Picard</p>');
const text = await page.textContent('#p');
const width = await page.evaluate(() => document.getElementById('p').getBoundingClientRect().width);
console.log(JSON.stringify({ ...choice, version: browser.version(), text, width }));
await browser.close();
`;

function launchInChild(env: NodeJS.ProcessEnv) {
  return run(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '--eval', LAUNCH],
    // Only what a fresh machine has: no CHROMIUM_PATH, the bundled build forced.
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmp, ...env },
      timeout: 240_000,
    },
  ).then(({ stdout }) => JSON.parse(stdout.trim().split('\n').pop()!));
}

describe('the browser the suites drive', () => {
  it('CHROMIUM_PATH wins over everything', async () => {
    await expect(
      chooseChromium({ CHROMIUM_PATH: '/opt/chrome/chrome', PICARD_CHROMIUM: 'bundled' }),
    ).resolves.toEqual({ source: 'CHROMIUM_PATH', executablePath: '/opt/chrome/chrome' });
  });

  it('refuses an unknown PICARD_CHROMIUM', async () => {
    await expect(chooseChromium({ PICARD_CHROMIUM: 'firefox' })).rejects.toThrow(
      'PICARD_CHROMIUM must be bundled, system or unset',
    );
  });

  it('unpacks into its own folder from inside a jest worker too (whose process.env is a copy)', async () => {
    if (!bundledRunsHere) return;
    const choice = await chooseChromium({ PICARD_CHROMIUM: 'bundled' });
    expect(choice.source).toBe('bundled');
    expect(path.dirname(choice.executablePath)).toMatch(/[/\\]picard-chromium-[\d.]+-\d+$/);
    expect(fs.statSync(choice.executablePath).mode & 0o100).toBeTruthy();
    expect(fs.existsSync(choice.env!.FONTCONFIG_FILE!)).toBe(true);
  }, 120_000);

  it('comes from the npm package alone: two processes unpacking it at once both launch the same complete build', async () => {
    const env = { PICARD_CHROMIUM: 'bundled', TMPDIR: tmp };
    if (!bundledRunsHere) {
      await expect(launchInChild(env)).rejects.toThrow(
        '@sparticuz/chromium ships a Linux x64 build',
      );
      return;
    }
    const [first, second] = await Promise.all([launchInChild(env), launchInChild(env)]);
    for (const report of [first, second]) {
      expect(report).toMatchObject({ source: 'bundled', text: 'Picard' });
      expect(report.executablePath.startsWith(tmp)).toBe(true);
      expect(report.env.FONTCONFIG_FILE.startsWith(tmp)).toBe(true);
      // Text was laid out with a font (the package ships Open Sans).
      expect(report.width).toBeGreaterThan(0);
    }
    expect(second.executablePath).toBe(first.executablePath);
    expect(second.version).toBe(first.version);
    // One finished folder; the loser's staging copy is gone.
    const ours = fs.readdirSync(tmp).filter((name) => name.startsWith('picard-chromium-'));
    expect(ours).toEqual([path.basename(path.dirname(first.executablePath))]);

    // Later processes reuse the unpacked build.
    const third = await launchInChild(env);
    expect(third.executablePath).toBe(first.executablePath);
    // Three Node processes and two 210 MB unpackings: minutes on a busy 2-core machine.
  }, 300_000);
});
