import type { Database } from '../db/database.js';

export interface ClientRetention {
  /** A registration that never obtained a token is deleted this long after it was made. */
  neverAuthorizedMs: number;
  /** A client that obtained tokens is deleted once it has obtained none for this long. */
  unusedMs: number;
}

/**
 * Deletes dynamically registered clients (RFC 7591) nobody uses: those that
 * never completed an authorization within `neverAuthorizedMs` of
 * registering (Claude registers anew on every fresh connection, and most
 * abandoned sign-ins leave one behind), and those that have obtained no token
 * for `unusedMs`. Whatever was issued to them goes too (grants, codes,
 * refresh tokens, remembered consents, activity); their access tokens have
 * expired long before, since every token issued counts as a use. A deleted
 * client gets `invalid_client` at the token endpoint, after which MCP
 * clients register again. The configured web client and metadata-document
 * clients are never stored as registrations, and clients an administrator
 * registered (`preregistered_clients`) are kept, so none of them is touched. Returns the
 * number of clients deleted.
 */
export async function purgeStaleClients(
  db: Database,
  retention: ClientRetention,
  now: Date = new Date(),
): Promise<number> {
  const registeredBefore = new Date(now.getTime() - retention.neverAuthorizedMs);
  const usedBefore = new Date(now.getTime() - retention.unusedMs);
  const stale = await db.sql.query<{ id: string }>(
    `SELECT c.id FROM oidc_payloads c
       LEFT JOIN client_activity a ON a.client_id = c.id
      WHERE c.type = 'Client'
        AND NOT EXISTS (SELECT 1 FROM preregistered_clients p WHERE p.client_id = c.id)
        AND ((a.client_id IS NULL
              AND to_timestamp((c.payload->>'client_id_issued_at')::double precision) < $1)
          OR a.last_used_at < $2)`,
    [registeredBefore, usedBefore],
  );
  const ids = stale.map((row) => row.id);
  if (ids.length === 0) return 0;
  const { prisma } = db;
  await prisma.$transaction([
    prisma.$executeRaw`DELETE FROM oidc_payloads
      WHERE (type = 'Client' AND id = ANY(${ids}::text[]))
         OR payload->>'clientId' = ANY(${ids}::text[])`,
    prisma.rememberedConsent.deleteMany({ where: { clientId: { in: ids } } }),
    prisma.grantActivity.deleteMany({ where: { clientId: { in: ids } } }),
    prisma.clientActivity.deleteMany({ where: { clientId: { in: ids } } }),
  ]);
  return ids.length;
}
