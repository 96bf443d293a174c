import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface LockEntry {
  version?: string;
  optionalDependencies?: Record<string, string>;
  libc?: string[];
}
const lock = JSON.parse(fs.readFileSync(`${ROOT}/package-lock.json`, 'utf8')) as {
  packages: Record<string, LockEntry>;
};

/** Where Node would find `name` from the package installed at `from` ('' is the root). */
function resolveInLock(from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent < 0 ? '' : base.slice(0, parent);
  }
}

/**
 * `npm install` only writes the optional packages of the platform it runs on
 * unless they are already in the lock, and `npm ci` (Dockerfile, Render)
 * refuses a lock that lacks any of them. So the lock must list every
 * platform's native packages, or every clone rewrites it and `npm ci` fails.
 */
describe('package-lock.json', () => {
  it("lists every package's optional dependencies, for every platform", () => {
    const missing = Object.entries(lock.packages).flatMap(([path, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((name) => !resolveInLock(path, name))
        .map((name) => `${path || '(root)'} -> ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it('has the native swc and argon2 builds for Linux, macOS and Windows', () => {
    for (const name of [
      '@swc/core-linux-x64-gnu',
      '@swc/core-linux-arm64-gnu',
      '@swc/core-darwin-arm64',
      '@swc/core-darwin-x64',
      '@swc/core-win32-x64-msvc',
      '@node-rs/argon2-linux-x64-gnu',
      '@node-rs/argon2-darwin-arm64',
      '@node-rs/argon2-win32-x64-msvc',
    ]) {
      expect(lock.packages[`node_modules/${name}`]?.version).toMatch(/^\d+\.\d+\.\d+/);
    }
  });

  it('is in the form npm 10 writes (no libc fields), so npm 10 and npm 11 both leave it unchanged', () => {
    // npm 11 adds `libc` to entries it resolves; npm 10 (bundled with Node 20
    // and 22) drops them again on every install. Refresh the lock with
    // `npx -y npm@10 install --package-lock-only` after adding dependencies.
    const withLibc = Object.keys(lock.packages).filter((path) => lock.packages[path]!.libc);
    expect(withLibc).toEqual([]);
  });
});
