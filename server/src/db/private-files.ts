import fs from 'node:fs';
import path from 'node:path';

/**
 * Takes group and other permissions off `target` and, for a directory,
 * everything under it (symbolic links are left alone): a data folder that
 * already existed with mode 0755, or files a library created under a lax
 * umask, end up readable by this user only.
 */
export function makePrivate(target: string): void {
  const stat = fs.lstatSync(target, { throwIfNoEntry: false });
  if (!stat || stat.isSymbolicLink()) return;
  if ((stat.mode & 0o077) !== 0) fs.chmodSync(target, stat.mode & 0o700);
  if (stat.isDirectory()) {
    for (const entry of fs.readdirSync(target)) makePrivate(path.join(target, entry));
  }
}

/**
 * Runs `work` with the process umask at 077, so files it creates (PGlite
 * writes its own) are born private. The umask is process-wide: this is for
 * start-up, before requests are served.
 */
export async function withPrivateUmask<T>(work: () => Promise<T>): Promise<T> {
  const previous = process.umask(0o077);
  try {
    return await work();
  } finally {
    process.umask(previous);
  }
}
