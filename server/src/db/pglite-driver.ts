import fs from 'node:fs';
import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { traceQueries } from '../observability/traced-queries.js';
import { lockDirectory } from './dir-lock.js';
import { makePrivate, withPrivateUmask } from './private-files.js';
import type { SqlDriver, SqlExecutor } from './sql.js';

export interface PgliteDriver extends SqlDriver {
  readonly pglite: PGlite;
}

/**
 * Opens embedded PostgreSQL (PGlite, with pgvector) persisted in `dir`, or in
 * memory for `memory://`. PGlite is a single connection: sessions are
 * serialised in this process, and the directory is locked against others.
 */
export async function createPgliteDriver(dir: string): Promise<PgliteDriver> {
  const inMemory = dir === 'memory://';
  let unlock = () => {};
  if (!inMemory) {
    fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
    unlock = lockDirectory(dir);
  }
  let pglite: PGlite;
  try {
    // The database files hold tokens' hashes, accounts and encrypted memories:
    // nobody else on the machine may read them, even when the folder already
    // existed with looser permissions (`mkdir` leaves an existing mode alone).
    if (!inMemory) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      makePrivate(dir);
    }
    // Options-only form: `create(undefined, options)` silently drops the options.
    pglite = await withPrivateUmask(() =>
      PGlite.create({ ...(inMemory ? {} : { dataDir: dir }), extensions: { vector } }),
    );
    if (!inMemory) makePrivate(dir);
  } catch (error) {
    unlock();
    throw error;
  }

  let queue: Promise<unknown> = Promise.resolve();
  // PGlite is PostgreSQL: its queries (Prisma's adapter calls `query`) become spans when tracing is on.
  traceQueries(pglite, 'postgresql');
  const executor: SqlExecutor = executorOf(pglite);
  return {
    kind: 'pglite',
    pglite,
    ...executor,
    withSession(work) {
      const run = queue.then(() =>
        work({
          ...executor,
          transaction: (inner) => pglite.transaction((tx) => inner(executorOf(tx))),
        }),
      );
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      try {
        await pglite.close();
        // Files written since start (new WAL segments, relations) too.
        if (!inMemory) makePrivate(dir);
      } finally {
        unlock();
      }
    },
  };
}

function executorOf(db: PGlite | Transaction): SqlExecutor {
  return {
    async query<Row>(text: string, params?: unknown[]) {
      return (await db.query<Row>(text, params)).rows;
    },
    async exec(script: string) {
      await db.exec(script);
    },
  };
}
