import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { GrantRevocation } from './grant-revocation.js';
import { findGrants, revokeGrant } from './oidc-adapter.js';

/** An application holding a grant on an account. */
export interface ConnectedApp {
  grantId: string;
  clientId: string;
  clientName: string;
  scopes: string[];
  lastUsedAt: Date | null;
}

/**
 * The applications connected to an account (its grants), their last use, and
 * disconnecting them: the grant, its tokens and sessions' links to it are
 * removed, and the resource server refuses its access tokens at once.
 */
export function createConnectedApps(deps: {
  db: Database;
  provider: Provider;
  revocation: GrantRevocation;
  accessTokenTtlSeconds: number;
  logger: Logger;
}) {
  const { db, provider } = deps;
  const { prisma } = db;

  // Every successful token or authorization response counts as a use.
  const recordUse = (ctx: KoaContextWithOIDC) => {
    const grantId = ctx.oidc.entities.Grant?.jti ?? ctx.oidc.entities.RefreshToken?.grantId;
    const accountId = ctx.oidc.entities.Grant?.accountId ?? ctx.oidc.entities.Account?.accountId;
    const clientId = ctx.oidc.client?.clientId;
    if (!grantId || !accountId || !clientId) return;
    const now = new Date();
    prisma.grantActivity
      .upsert({
        where: { grantId },
        create: { grantId, accountId, clientId, lastUsedAt: now },
        update: { lastUsedAt: now },
      })
      .catch((error: unknown) =>
        deps.logger.warn({ error: (error as Error).message }, 'could not record grant use'),
      );
  };
  provider.on('grant.success', recordUse);
  provider.on('authorization.success', recordUse);

  const revoke = async (grantId: string) => {
    await revokeGrant(db, grantId, {
      revocationMemorySeconds: deps.accessTokenTtlSeconds,
      includingGrant: true,
    });
    await prisma.grantActivity.deleteMany({ where: { grantId } });
    deps.revocation.noteRevoked(grantId);
  };

  return {
    async list(accountId: string): Promise<ConnectedApp[]> {
      const grants = await findGrants(db, accountId);
      const activity = await prisma.grantActivity.findMany({ where: { accountId } });
      const lastUse = new Map(activity.map((row) => [row.grantId, row.lastUsedAt]));
      const apps = await Promise.all(
        grants.map(async ({ id, payload }) => {
          const client = await provider.Client.find(payload.clientId).catch(() => undefined);
          const scopes = [
            ...(payload.openid?.scope?.split(' ') ?? []),
            ...Object.values(payload.resources ?? {}).flatMap((scope) => scope.split(' ')),
          ];
          return {
            grantId: id,
            clientId: payload.clientId,
            clientName: client?.clientName ?? payload.clientId,
            scopes: [...new Set(scopes.filter(Boolean))],
            lastUsedAt: lastUse.get(id) ?? null,
          };
        }),
      );
      return apps.sort((a, b) => (b.lastUsedAt?.getTime() ?? 0) - (a.lastUsedAt?.getTime() ?? 0));
    },

    /** Disconnects one application; false when the grant is not this account's. */
    async disconnect(accountId: string, grantId: string): Promise<boolean> {
      const owned = (await findGrants(db, accountId)).some((grant) => grant.id === grantId);
      if (owned) await revoke(grantId);
      return owned;
    },

    /** Disconnects every application and ends every session of the account. */
    async disconnectAll(accountId: string): Promise<void> {
      for (const grant of await findGrants(db, accountId)) await revoke(grant.id);
      await db.sql.query(
        `DELETE FROM oidc_payloads WHERE type = 'Session' AND payload->>'accountId' = $1`,
        [accountId],
      );
    },
  };
}

export type ConnectedApps = ReturnType<typeof createConnectedApps>;
