import fs from 'node:fs';
import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { lockDirectory } from './dir-lock.js';
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
    // Options-only form: `create(undefined, options)` silently drops the options.
    pglite = await PGlite.create({ ...(inMemory ? {} : { dataDir: dir }), extensions: { vector } });
  } catch (error) {
    unlock();
    throw error;
  }

  let queue: Promise<unknown> = Promise.resolve();
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
