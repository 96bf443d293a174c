/**
 * The small SQL surface our own code needs below Prisma: the migration runner,
 * health checks, pgvector writes and searches, and the few queries Prisma
 * cannot express. Implemented for node-postgres and for embedded PGlite so
 * both databases behave the same to callers.
 */
export interface SqlExecutor {
  /** Runs one parameterised statement and returns its rows. */
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script of several statements (no parameters), as `psql -f` would. */
  exec(script: string): Promise<void>;
}

/** One database connection held for a while, so session-level locks mean something. */
export interface SqlSession extends SqlExecutor {
  /** Runs `work` in a transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

export interface SqlDriver extends SqlExecutor {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` on one dedicated connection, released afterwards. */
  withSession<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
