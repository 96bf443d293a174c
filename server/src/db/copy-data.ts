import type { SqlDriver } from './sql.js';
import { migrate } from './migrate.js';

/**
 * Every table that holds data, parents before children (foreign keys). The
 * migrations table is not copied: the target gets its own by migrating.
 */
export const DATA_TABLES = [
  'users',
  'memory_imports',
  'memories',
  'memory_versions',
  'groups',
  'group_members',
  'memory_shares',
  // Hashed by the application under the server's key, which the target shares.
  'share_keyword_postings',
  'audit_entries',
  'remembered_consents',
  'account_sessions',
  'password_resets',
  'mcp_sessions',
  'invitations',
  'oidc_payloads',
  'revoked_grants',
  'grant_activity',
  'client_activity',
  'preregistered_clients',
  'admin_audit_entries',
] as const;

/**
 * Tables the target's triggers fill from the copied memories (keyword_stats,
 * migration 0017; keyword_postings, 0019; keyword_frequencies, 0023) and
 * shares' postings (share_keyword_stats, 0025): copying them too would count
 * everything twice.
 */
export const DERIVED_TABLES = [
  'keyword_stats',
  'keyword_postings',
  'keyword_frequencies',
  'share_keyword_stats',
] as const;

const BATCH = 500;

/**
 * Copies everything from one Picard database to another, e.g. from the
 * embedded PGlite to PostgreSQL. The target is migrated first and must hold
 * no data; the copy is one transaction, so a failure leaves it empty. Rows
 * travel as JSON (`row_to_json` / `json_populate_record`), which carries every
 * column type Picard uses, vectors and encrypted bytes included. Memory text
 * stays encrypted: the target server needs the same MEMORY_ENCRYPTION_KEY.
 */
export async function copyData(
  source: SqlDriver,
  target: SqlDriver,
  onTable: (table: string, rows: number) => void = () => {},
): Promise<Record<string, number>> {
  await migrate(target);
  for (const table of DATA_TABLES) {
    const [row] = await target.query<{ any: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM "${table}") AS any`,
    );
    if (row!.any)
      throw new Error(`the target already has data in ${table}; copy into an empty database`);
  }
  const copied: Record<string, number> = {};
  await target.withSession((session) =>
    session.transaction(async (tx) => {
      for (const table of DATA_TABLES) {
        let count = 0;
        for (let offset = 0; ; offset += BATCH) {
          const rows = await source.query<{ row: unknown }>(
            `SELECT row_to_json(t) AS row FROM "${table}" t ORDER BY ctid LIMIT ${BATCH} OFFSET ${offset}`,
          );
          if (rows.length === 0) break;
          await tx.query(
            `INSERT INTO "${table}" SELECT r.* FROM json_array_elements($1::json) AS e,
               json_populate_record(NULL::"${table}", e) AS r`,
            [JSON.stringify(rows.map(({ row }) => row))],
          );
          count += rows.length;
        }
        copied[table] = count;
        onTable(table, count);
      }
    }),
  );
  return copied;
}
