import { createHash } from 'node:crypto';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Database } from '../db/database.js';
import type { Prisma } from '../generated/prisma/client.js';

export interface OidcAdapterOptions {
  db: Database;
  /**
   * How long a revoked grant must be remembered: the longest an access token
   * issued from it can live (seconds).
   */
  revocationMemorySeconds: number;
  /** Told about each grant this process revokes. */
  onGrantRevoked?: (grantId: string) => void;
}

/**
 * Models whose id is not a bearer value: registered clients (public ids) and
 * grants (named inside access tokens). Every other model's id is a secret
 * someone presents (codes, access and refresh tokens, registration access
 * tokens, session and interaction cookies), so only its SHA-256 is stored:
 * a copy of the database, a backup or the write-ahead log cannot be replayed.
 */
const STORED_VERBATIM = new Set(['Client', 'Grant']);

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/** The row key oidc-provider's `id` is stored under for `type`. */
export function storedOidcId(type: string, id: string): string {
  return STORED_VERBATIM.has(type) ? id : sha256(id);
}

/**
 * The payload as stored: without its own id (`jti`, which oidc-provider keeps
 * in every payload) for hashed models, and with the session cookie an
 * interaction remembers (unused by the provider) reduced to its hash.
 */
function storablePayload(type: string, payload: AdapterPayload): AdapterPayload {
  if (STORED_VERBATIM.has(type)) return payload;
  const rest: AdapterPayload = { ...payload };
  delete rest.jti;
  const session = rest.session as { cookie?: string } | undefined;
  return session?.cookie
    ? { ...rest, session: { ...session, cookie: sha256(session.cookie) } }
    : rest;
}

/**
 * oidc-provider's storage contract (upsert, find, findByUid, findByUserCode,
 * consume, destroy, revokeByGrantId) over one Prisma table, for every model
 * the provider keeps. Expired rows are never returned and are cleaned up by
 * `purgeExpiredOAuthState` (purge-expired-state.ts).
 */
export function createOidcAdapterFactory({
  db,
  revocationMemorySeconds,
  onGrantRevoked,
}: OidcAdapterOptions) {
  const { prisma } = db;
  return (type: string): Adapter => {
    const hashed = !STORED_VERBATIM.has(type);
    const key = (id: string) => ({ id_type: { id: storedOidcId(type, id), type } });
    const live = (
      row: { payload: unknown; expiresAt: Date | null; consumedAt: Date | null } | null,
    ) => {
      if (!row || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return undefined;
      const payload = row.payload as AdapterPayload;
      return row.consumedAt
        ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) }
        : payload;
    };

    return {
      async upsert(id, payload, expiresIn) {
        const data = {
          payload: storablePayload(type, payload) as Prisma.InputJsonValue,
          grantId: payload.grantId ?? null,
          userCode: payload.userCode ?? null,
          uid: payload.uid ?? null,
          expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
        };
        await prisma.oidcPayload.upsert({
          where: key(id),
          create: { id: storedOidcId(type, id), type, ...data },
          update: data,
        });
      },
      async find(id) {
        const payload = live(await prisma.oidcPayload.findUnique({ where: key(id) }));
        return payload && hashed ? { ...payload, jti: id } : payload;
      },
      async findByUid(uid) {
        return live(await prisma.oidcPayload.findFirst({ where: { uid, type } }));
      },
      async findByUserCode(userCode) {
        return live(await prisma.oidcPayload.findFirst({ where: { userCode, type } }));
      },
      async consume(id) {
        await prisma.oidcPayload.updateMany({
          where: { id: storedOidcId(type, id), type },
          data: { consumedAt: new Date() },
        });
      },
      async destroy(id) {
        await prisma.oidcPayload.deleteMany({ where: { id: storedOidcId(type, id), type } });
      },
      async revokeByGrantId(grantId) {
        // Every revocation oidc-provider makes ends here (refresh token
        // reuse, revocation endpoint, code reuse), so this is where the
        // resource server learns that the grant's access tokens must be refused.
        await revokeGrant(db, grantId, { revocationMemorySeconds });
        onGrantRevoked?.(grantId);
      },
    };
  };
}

/**
 * Deletes everything issued under a grant (codes, tokens, sessions' links)
 * and records the revocation, in one transaction, so the resource server
 * refuses the grant's access tokens until the last of them has expired.
 * With `includingGrant` the grant itself goes too (disconnecting an app).
 */
export async function revokeGrant(
  db: Database,
  grantId: string,
  options: { revocationMemorySeconds: number; includingGrant?: boolean },
): Promise<void> {
  const expiresAt = new Date(Date.now() + options.revocationMemorySeconds * 1000);
  await db.prisma.$transaction([
    db.prisma.oidcPayload.deleteMany({
      where: options.includingGrant
        ? { OR: [{ grantId }, { id: grantId, type: 'Grant' }] }
        : { grantId },
    }),
    db.prisma.revokedGrant.upsert({
      where: { grantId },
      create: { grantId, expiresAt },
      update: { expiresAt },
    }),
  ]);
}

/** What oidc-provider stores for a grant, as far as we read it. */
export interface StoredGrant {
  id: string;
  payload: {
    accountId: string;
    clientId: string;
    openid?: { scope?: string };
    resources?: Record<string, string>;
  };
}

/** An account's live grants (for one client when given), longest-lived first. */
export function findGrants(
  db: Database,
  accountId: string,
  clientId?: string,
): Promise<StoredGrant[]> {
  return db.sql.query<StoredGrant>(
    `SELECT id, payload FROM oidc_payloads
      WHERE type = 'Grant' AND payload->>'accountId' = $1
        AND ($2::text IS NULL OR payload->>'clientId' = $2)
        AND (expires_at IS NULL OR expires_at > now())
      ORDER BY expires_at DESC NULLS FIRST`,
    [accountId, clientId ?? null],
  );
}
