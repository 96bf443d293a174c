import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDatabase, type Database } from '../../server/src/db/database.js';
import { REPO_ROOT } from '../../scripts/lib/spawn-app.js';
import { testSecretsEnv } from './test-config.js';
import { createTestSchema, dropTestSchema, usingPostgres } from './test-database.js';

const run = promisify(execFile);

/**
 * A data folder (and, on PostgreSQL, a schema of its own) for running the
 * operator commands as the separate processes they are, and opening the
 * same database from the test in between.
 */
export interface CliSandbox {
  readonly dataDir: string;
  /** Runs `server/src/<script>` with `args`, `stdin` piped in. */
  command(
    script: string,
    args: string[],
    stdin?: string,
  ): Promise<{ stdout: string; stderr: string }>;
  /** Opens the commands' database while none runs: PGlite allows one process at a time. */
  withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function createCliSandbox(
  name: string,
  extraEnv: Record<string, string> = {},
): Promise<CliSandbox> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `picard-${name}-`));
  const schema = usingPostgres ? await createTestSchema() : undefined;
  const databaseUrl = schema ? new URL(process.env.DATABASE_URL!) : undefined;
  databaseUrl?.searchParams.set('schema', schema!);
  const env = {
    PATH: process.env.PATH ?? '',
    DATA_DIR: dataDir,
    ...testSecretsEnv(),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl.toString() } : {}),
    ...extraEnv,
  };
  return {
    dataDir,
    command(script, args, stdin = '') {
      const running = run(
        process.execPath,
        ['--import', 'tsx', path.join(REPO_ROOT, 'server/src', script), ...args],
        { cwd: REPO_ROOT, env },
      );
      running.child.stdin!.end(stdin);
      return running;
    },
    async withDatabase(work) {
      const db = await createDatabase(
        databaseUrl
          ? { kind: 'postgres', url: databaseUrl.toString(), schema, poolMax: 2 }
          : { kind: 'pglite', dir: path.join(dataDir, 'pglite') },
      );
      try {
        return await work(db);
      } finally {
        await db.close();
      }
    },
    async close() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (schema) await dropTestSchema(schema);
    },
  };
}
