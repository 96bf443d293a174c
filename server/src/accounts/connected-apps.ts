import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { GrantRevocation } from '../authorization-server/grant-revocation.js';
import { findGrants, revokeGrant } from '../authorization-server/oidc-adapter.js';
import type { RememberedConsents } from '../authorization-server/remembered-consents.js';

/** An application connected to an account: one that holds a grant or a remembered consent. */
export interface ConnectedApp {
  clientId: string;
  clientName: string;
  scopes: string[];
  lastUsedAt: Date | null;
  /** What the person limited it to on the consent page or here. */
  limit: { tags: string[]; readOnly: boolean };
}

/**
 * The applications connected to an account, their last use, and
 * disconnecting them: every grant of the client, its tokens and sessions'
 * links to it are removed, the resource server refuses its access tokens at
 * once, and its remembered consent is forgotten, so connecting again asks.
 */
export function createConnectedApps(deps: {
  db: Database;
  provider: Provider;
  revocation: GrantRevocation;
  consents: RememberedConsents;
  accessTokenTtlSeconds: number;
  logger: Logger;
}) {
  const { db, provider, consents } = deps;
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
    deps.revocation.noteRevoked(grantId);
  };

  return {
    async list(accountId: string): Promise<ConnectedApp[]> {
      const [grants, remembered, activity] = await Promise.all([
        findGrants(db, accountId),
        consents.list(accountId),
        prisma.grantActivity.findMany({ where: { accountId } }),
      ]);
      const scopesByClient = new Map<string, Set<string>>();
      const addScopes = (clientId: string, ...scopes: (string | undefined)[]) => {
        const set = scopesByClient.get(clientId) ?? new Set<string>();
        for (const scope of scopes.flatMap((value) => value?.split(' ') ?? [])) {
          if (scope) set.add(scope);
        }
        scopesByClient.set(clientId, set);
      };
      for (const { payload } of grants) {
        addScopes(
          payload.clientId,
          payload.openid?.scope,
          ...Object.values(payload.resources ?? {}),
        );
      }
      for (const consent of remembered) {
        addScopes(consent.clientId, consent.scope, ...Object.values(consent.resources));
      }
      const limitOf = (clientId: string) => {
        const consent = remembered.find((entry) => entry.clientId === clientId);
        return { tags: consent?.limitTags ?? [], readOnly: consent?.readOnly ?? false };
      };
      const lastUse = new Map<string, Date>();
      for (const row of activity) {
        const seen = lastUse.get(row.clientId);
        if (!seen || seen < row.lastUsedAt) lastUse.set(row.clientId, row.lastUsedAt);
      }
      const apps = await Promise.all(
        [...scopesByClient].map(async ([clientId, scopes]) => {
          const client = await provider.Client.find(clientId).catch(() => undefined);
          return {
            clientId,
            clientName: client?.clientName ?? clientId,
            scopes: [...scopes],
            lastUsedAt: lastUse.get(clientId) ?? null,
            limit: limitOf(clientId),
          };
        }),
      );
      return apps.sort((a, b) => (b.lastUsedAt?.getTime() ?? 0) - (a.lastUsedAt?.getTime() ?? 0));
    },

    /**
     * Display names of clients, by id, for pages that list what applications
     * did. A client ID metadata document's client is named by its host
     * (looking it up would fetch the document); a client that no longer
     * exists keeps its id.
     */
    async names(clientIds: string[]): Promise<Record<string, string>> {
      const unique = [...new Set(clientIds)];
      const named = await Promise.all(
        unique.map(async (clientId): Promise<[string, string]> => {
          if (/^https:\/\//.test(clientId)) return [clientId, new URL(clientId).host];
          const client = await provider.Client.find(clientId).catch(() => undefined);
          return [clientId, client?.clientName ?? clientId];
        }),
      );
      return Object.fromEntries(named);
    },

    /** Disconnects one application; false when it is not connected to this account. */
    async disconnect(accountId: string, clientId: string): Promise<boolean> {
      const grants = await findGrants(db, accountId, clientId);
      if (grants.length === 0 && !(await consents.find(accountId, clientId))) return false;
      for (const grant of grants) await revoke(grant.id);
      await consents.forget(accountId, clientId);
      await prisma.grantActivity.deleteMany({ where: { accountId, clientId } });
      return true;
    },

    /** Disconnects every application and ends every session of the account. */
    async disconnectAll(accountId: string): Promise<void> {
      for (const grant of await findGrants(db, accountId)) await revoke(grant.id);
      await consents.forget(accountId);
      await prisma.grantActivity.deleteMany({ where: { accountId } });
      await db.sql.query(
        `DELETE FROM oidc_payloads WHERE type = 'Session' AND payload->>'accountId' = $1`,
        [accountId],
      );
    },
  };
}

export type ConnectedApps = ReturnType<typeof createConnectedApps>;
