import type { Database } from '../db/database.js';

/** One account as administrators see it: no memory text, no password, no tokens. */
export interface UserSummary {
  id: string;
  username: string;
  email: string;
  role: 'user' | 'admin';
  suspendedAt: Date | null;
  createdAt: Date;
  lastSignInAt: Date | null;
  memoryCount: number;
  /** Applications holding a grant or a remembered consent for the account. */
  connectedApps: number;
}

interface Row {
  id: string;
  username: string;
  email: string;
  role: string;
  suspended_at: Date | null;
  created_at: Date;
  last_sign_in_at: Date | null;
  memory_count: number;
  connected_apps: number;
}

/** `%`, `_` and `\` match themselves in a search (ILIKE's wildcards escaped). */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The accounts, newest first, with what administrators need to judge them:
 * when they were created and last signed in, how many memories they hold,
 * how many applications they connected. Searched by username or email.
 */
export function createUserDirectory({
  db,
  adminUsernames,
}: {
  db: Database;
  adminUsernames: readonly string[];
}) {
  const configuredAdmins = new Set(adminUsernames);
  return {
    async list(options: { query?: string; limit: number; offset: number }): Promise<{
      items: UserSummary[];
      total: number;
    }> {
      const pattern = options.query?.trim()
        ? likePattern(options.query.trim().toLowerCase())
        : null;
      const rows = await db.sql.query<Row>(
        `SELECT u.id, u.username, u.email, u.role, u.suspended_at, u.created_at, u.last_sign_in_at,
                (SELECT count(*) FROM memories m WHERE m.user_id = u.id)::int AS memory_count,
                (SELECT count(*) FROM (
                   SELECT g.payload->>'clientId' FROM oidc_payloads g
                    WHERE g.type = 'Grant' AND g.payload->>'accountId' = u.id::text
                      AND (g.expires_at IS NULL OR g.expires_at > now())
                   UNION
                   SELECT c.client_id FROM remembered_consents c WHERE c.account_id = u.id
                 ) apps)::int AS connected_apps
           FROM users u
          WHERE $1::text IS NULL OR u.username LIKE $1 OR u.email LIKE $1
          ORDER BY u.created_at DESC, u.id DESC
          LIMIT $2 OFFSET $3`,
        [pattern, options.limit, options.offset],
      );
      const [count] = await db.sql.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM users u
          WHERE $1::text IS NULL OR u.username LIKE $1 OR u.email LIKE $1`,
        [pattern],
      );
      return {
        total: count?.total ?? 0,
        items: rows.map((row) => ({
          id: row.id,
          username: row.username,
          email: row.email,
          role: row.role === 'admin' || configuredAdmins.has(row.username) ? 'admin' : 'user',
          suspendedAt: row.suspended_at,
          createdAt: row.created_at,
          lastSignInAt: row.last_sign_in_at,
          memoryCount: row.memory_count,
          connectedApps: row.connected_apps,
        })),
      };
    },
  };
}
