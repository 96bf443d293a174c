import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createBrotliDecompress } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';

const run = promisify(execFile);

/** Where screenshots go; CI keeps the folder as artifacts. */
export const SCREENSHOT_DIR = path.resolve(
  process.env.SCREENSHOT_DIR ?? path.join(import.meta.dirname, '../../artifacts/screenshots'),
);

/** Debian's Chromium (`apt-get install chromium`), used when the bundled build cannot run. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Which browser the suites drive:
 * - `CHROMIUM_PATH=/path/to/chrome`: that executable;
 * - `PICARD_CHROMIUM=bundled`: only the build inside the `@sparticuz/chromium`
 *   npm package (fails rather than fall back, to prove `npm install` suffices);
 * - `PICARD_CHROMIUM=system`: only Debian's `/usr/bin/chromium`;
 * - otherwise the bundled build on Linux x64 (same browser on every machine,
 *   nothing to install besides `npm install`), else Debian's.
 */
export interface ChromiumChoice {
  source: 'CHROMIUM_PATH' | 'bundled' | 'system';
  executablePath: string;
  env?: Record<string, string>;
}

export async function chooseChromium(
  environment: NodeJS.ProcessEnv = process.env,
): Promise<ChromiumChoice> {
  if (environment.CHROMIUM_PATH) {
    return { source: 'CHROMIUM_PATH', executablePath: environment.CHROMIUM_PATH };
  }
  const wanted = environment.PICARD_CHROMIUM ?? 'auto';
  if (!['auto', 'bundled', 'system'].includes(wanted)) {
    throw new Error(`PICARD_CHROMIUM must be bundled, system or unset, not "${wanted}"`);
  }
  if (wanted !== 'system' && bundledChromiumRuns()) {
    return { source: 'bundled', ...(await unpackBundledChromium()) };
  }
  if (wanted === 'bundled') {
    throw new Error(
      `PICARD_CHROMIUM=bundled: @sparticuz/chromium ships a Linux x64 build; this is ${process.platform} ${process.arch}`,
    );
  }
  if (existsSync(SYSTEM_CHROMIUM)) return { source: 'system', executablePath: SYSTEM_CHROMIUM };
  throw new Error(
    `No Chromium: the bundled build needs Linux x64 and ${SYSTEM_CHROMIUM} is absent. ` +
      'Set CHROMIUM_PATH to a Chromium or Chrome executable.',
  );
}

function bundledChromiumRuns(): boolean {
  return process.platform === 'linux' && process.arch === 'x64';
}

let unpacked: Promise<{ executablePath: string; env: Record<string, string> }> | undefined;

/**
 * Unpacks the Brotli-compressed Chromium that `@sparticuz/chromium` ships in
 * its `bin/` folder, once per machine, user and package version, into its own
 * folder under the temp directory. The package's own `executablePath()` is not
 * used: it unpacks into the shared temp directory itself and treats an
 * existing `chromium` file there as finished, so two jest workers unpacking at
 * once could launch a half-written binary. Here each process unpacks into a
 * fresh staging folder and renames it into place: a rename is atomic, so the
 * final folder is complete or absent, and a process that loses the race
 * discards its copy and uses the winner's.
 */
function unpackBundledChromium(): Promise<{ executablePath: string; env: Record<string, string> }> {
  unpacked ??= (async () => {
    const require = createRequire(import.meta.url);
    // The package exports no package.json; its entry point is build/index.js.
    const packageDir = path.join(path.dirname(require.resolve('@sparticuz/chromium')), '..');
    const manifest = path.join(packageDir, 'package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    const bin = path.join(packageDir, 'bin');
    const dir = path.join(os.tmpdir(), `picard-chromium-${version}-${process.getuid?.() ?? 0}`);
    const executablePath = path.join(dir, 'chromium');
    if (!existsSync(executablePath)) {
      const staging = await mkdtemp(path.join(os.tmpdir(), 'picard-chromium-unpacking-'));
      try {
        await unbrotli(path.join(bin, 'chromium.br'), path.join(staging, 'chromium'), 0o700);
        // Open Sans and a fonts.conf; SwiftShader's GL libraries beside the binary.
        await untar(path.join(bin, 'fonts.tar.br'), path.join(staging, 'fonts'));
        await untar(path.join(bin, 'swiftshader.tar.br'), staging);
        await writeFile(path.join(staging, 'fonts.conf'), fontsConf(dir));
        await rename(staging, dir);
      } catch (error) {
        await rm(staging, { recursive: true, force: true });
        // Another process renamed its complete copy into place first.
        if (!existsSync(executablePath)) throw error;
      }
    }
    // The package's own fonts.conf points at /tmp/fonts; ours at this folder,
    // so pages render text on a machine without any system fonts.
    return { executablePath, env: { FONTCONFIG_FILE: path.join(dir, 'fonts.conf') } };
  })();
  unpacked.catch(() => (unpacked = undefined));
  return unpacked;
}

async function unbrotli(source: string, target: string, mode = 0o600): Promise<void> {
  await pipeline(
    createReadStream(source),
    createBrotliDecompress(),
    createWriteStream(target, { mode }),
  );
}

/** A .tar.br archive into `target`, with the system's tar (present on every Linux). */
async function untar(source: string, target: string): Promise<void> {
  await mkdir(target, { recursive: true });
  const tarFile = `${target}.tar`;
  await unbrotli(source, tarFile);
  try {
    await run('tar', ['-xf', tarFile, '-C', target, '--no-same-owner']);
  } finally {
    await rm(tarFile, { force: true });
  }
}

function fontsConf(dir: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${path.join(dir, 'fonts', 'fonts')}</dir>
  <dir>/usr/share/fonts</dir>
  <cachedir>${path.join(dir, 'fonts-cache')}</cachedir>
</fontconfig>
`;
}

/**
 * Headless Chromium with the flags this sandbox needs: no sandbox (root),
 * and no background networking (its connections would be refused).
 */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const choice = await chooseChromium();
  return chromium.launch({
    executablePath: choice.executablePath,
    headless: true,
    env: { ...process.env, ...choice.env },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export function screenshotPath(name: string): string {
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}
