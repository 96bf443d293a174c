import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import type { Logger } from '../logger.js';

/**
 * Backups of the embedded database. PGlite's `dumpDataDir()` writes the data
 * directory as a (gzipped) tarball. Taken under PGlite's own exclusive lock,
 * no statement runs while the files are read, so the copy is what a crash at
 * that instant would leave: PostgreSQL's recovery makes it consistent when it
 * is opened (committed transactions kept, one in flight rolled back), after a
 * CHECKPOINT that keeps the recovery short.
 *
 * Only one process may open the data directory, so a backup while the server
 * runs is made by the server itself: `npm run db:backup` writes a request file
 * next to the directory and sends the server SIGUSR2 (only the same OS user or
 * root can: the same people who can read the directory), and the server
 * answers in a second file. No network surface is involved.
 */

export const requestFile = (dir: string) => `${dir}.backup-request.json`;
export const answerFile = (dir: string) => `${dir}.backup-answer.json`;

interface BackupRequest {
  id: string;
  out: string;
}
interface BackupAnswer {
  id: string;
  bytes?: number;
  error?: string;
}

/** Writes a consistent copy of the open database to `out` (via a temporary name); returns its size. */
export async function writePgliteBackup(pglite: PGlite, out: string): Promise<number> {
  await pglite.exec('CHECKPOINT');
  const dump = await pglite.runExclusive(() => pglite.dumpDataDir('gzip'));
  const bytes = Buffer.from(await dump.arrayBuffer());
  const partial = `${out}.partial`;
  try {
    fs.writeFileSync(partial, bytes, { mode: 0o600 });
    fs.renameSync(partial, out);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return bytes.length;
}

/**
 * Makes the running server answer backup requests (SIGUSR2) for its embedded
 * database in `dir`. Returns the function that stops listening.
 */
export function serveBackupRequests(options: {
  pglite: PGlite;
  dir: string;
  logger: Logger;
}): () => void {
  const { pglite, dir, logger } = options;
  const answer = (reply: BackupAnswer) =>
    fs.writeFileSync(answerFile(dir), JSON.stringify(reply), { mode: 0o600 });
  const onSignal = () => {
    let request: BackupRequest;
    try {
      request = JSON.parse(fs.readFileSync(requestFile(dir), 'utf8')) as BackupRequest;
      fs.rmSync(requestFile(dir), { force: true });
    } catch {
      logger.warn('SIGUSR2 without a readable backup request; ignored');
      return;
    }
    writePgliteBackup(pglite, request.out)
      .then((bytes) => {
        logger.info({ out: request.out, bytes }, 'embedded database backed up');
        answer({ id: request.id, bytes });
      })
      .catch((error: Error) => {
        logger.error({ error: error.message }, 'backup failed');
        answer({ id: request.id, error: error.message });
      });
  };
  process.on('SIGUSR2', onSignal);
  return () => process.off('SIGUSR2', onSignal);
}

/**
 * Asks the server process `pid`, which holds the embedded database in `dir`,
 * for a backup to `out`, and waits for its answer. Resolves with the backup's
 * size; rejects with the server's reason, or after `timeoutMs`.
 */
export async function requestBackup(options: {
  dir: string;
  pid: number;
  out: string;
  timeoutMs: number;
}): Promise<number> {
  const { dir, pid, out } = options;
  const id = randomUUID();
  fs.rmSync(answerFile(dir), { force: true });
  fs.writeFileSync(requestFile(dir), JSON.stringify({ id, out } satisfies BackupRequest), {
    mode: 0o600,
  });
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    let reply: BackupAnswer | undefined;
    try {
      reply = JSON.parse(fs.readFileSync(answerFile(dir), 'utf8')) as BackupAnswer;
    } catch {
      reply = undefined; // not written yet (or being written)
    }
    if (reply?.id === id) {
      fs.rmSync(answerFile(dir), { force: true });
      if (reply.error) throw new Error(`the server could not back up: ${reply.error}`);
      return reply.bytes!;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  fs.rmSync(requestFile(dir), { force: true });
  throw new Error(
    `the server (process ${pid}) did not answer the backup request within ${options.timeoutMs / 1000} s; is it a Picard server of this version?`,
  );
}
