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
 * oidc-provider's storage contract (upsert, find, findByUid, findByUserCode,
 * consume, destroy, revokeByGrantId) over one Prisma table, for every model
 * the provider keeps. Expired rows are never returned and are cleaned up by
 * {@link purgeExpiredOidcPayloads}.
 */
export function createOidcAdapterFactory({
  db,
  revocationMemorySeconds,
  onGrantRevoked,
}: OidcAdapterOptions) {
  const { prisma } = db;
  return (type: string): Adapter => {
    const key = (id: string) => ({ id_type: { id, type } });
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
          payload: payload as Prisma.InputJsonValue,
          grantId: payload.grantId ?? null,
          userCode: payload.userCode ?? null,
          uid: payload.uid ?? null,
          expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
        };
        await prisma.oidcPayload.upsert({
          where: key(id),
          create: { id, type, ...data },
          update: data,
        });
      },
      async find(id) {
        return live(await prisma.oidcPayload.findUnique({ where: key(id) }));
      },
      async findByUid(uid) {
        return live(await prisma.oidcPayload.findFirst({ where: { uid, type } }));
      },
      async findByUserCode(userCode) {
        return live(await prisma.oidcPayload.findFirst({ where: { userCode, type } }));
      },
      async consume(id) {
        await prisma.oidcPayload.updateMany({
          where: { id, type },
          data: { consumedAt: new Date() },
        });
      },
      async destroy(id) {
        await prisma.oidcPayload.deleteMany({ where: { id, type } });
      },
      async revokeByGrantId(grantId) {
        // Every revocation ends here (logout, disconnecting an app, refresh
        // token reuse, password change), so this is where the resource
        // server learns that the grant's access tokens must be refused.
        const expiresAt = new Date(Date.now() + revocationMemorySeconds * 1000);
        await prisma.$transaction([
          prisma.oidcPayload.deleteMany({ where: { grantId } }),
          prisma.revokedGrant.upsert({
            where: { grantId },
            create: { grantId, expiresAt },
            update: { expiresAt },
          }),
        ]);
        onGrantRevoked?.(grantId);
      },
    };
  };
}

/** Deletes provider rows and revocation records that can no longer matter. */
export async function purgeExpiredOidcPayloads(db: Database, now = new Date()): Promise<number> {
  const payloads = await db.prisma.oidcPayload.deleteMany({ where: { expiresAt: { lt: now } } });
  const revoked = await db.prisma.revokedGrant.deleteMany({ where: { expiresAt: { lt: now } } });
  return payloads.count + revoked.count;
}
