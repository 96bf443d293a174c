import fs from 'node:fs';

/** The embedded database is already open in another live process. */
export class DirectoryLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database at ${dir} is in use by process ${pid}; ` +
        'stop that process first (only one process may open it at a time)',
    );
    this.name = 'DirectoryLockedError';
  }
}

/**
 * Takes an exclusive, process-level lock on a directory by creating `<dir>.lock`
 * holding our pid. PGlite has no locking of its own and two processes writing
 * one data directory corrupt it. A lock left by a dead process is taken over.
 * Returns the function that releases it.
 */
export function lockDirectory(dir: string): () => void {
  const lockFile = `${dir}.lock`;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
      if (Number.isInteger(holder) && isAlive(holder)) throw new DirectoryLockedError(dir, holder);
      fs.rmSync(lockFile, { force: true });
    }
  }
  return () => {
    if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.rmSync(lockFile);
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
