import type Provider from 'oidc-provider';
import type { Grant } from 'oidc-provider';
import type { Database } from '../db/database.js';

/** What an account has allowed one client, as far as consent goes. */
export interface RememberedConsent {
  clientId: string;
  scope: string;
  claims: string[];
  resources: Record<string, string>;
  /** The limit chosen on the consent page (see application-limits.ts). */
  limitTags: string[];
  readOnly: boolean;
}

/**
 * Consent remembered per account and client, apart from oidc-provider's
 * grants. A grant dies with its tokens (RFC 7009 revocation of a refresh token
 * revokes the grant, and so does RP-initiated logout), but what the user
 * agreed to should not: signing out and back in asks for the password, not for
 * the same consent again. Disconnecting the application forgets it.
 */
export function createRememberedConsents(db: Database) {
  const { prisma } = db;
  const union = (a: string, b: string | undefined) =>
    [...new Set([...a.split(' '), ...(b ?? '').split(' ')].filter(Boolean))].join(' ');

  return {
    /** Adds what this grant holds to what the account has allowed the client. */
    async remember(grant: Grant): Promise<void> {
      const accountId = grant.accountId!;
      const clientId = grant.clientId!;
      const before = await this.find(accountId, clientId);
      const resources = { ...before?.resources };
      for (const [resource, scope] of Object.entries(grant.resources ?? {})) {
        resources[resource] = union(resources[resource] ?? '', scope);
      }
      const data = {
        scope: union(before?.scope ?? '', grant.openid?.scope),
        claims: [...new Set([...(before?.claims ?? []), ...(grant.openid?.claims ?? [])])],
        resources,
      };
      await prisma.rememberedConsent.upsert({
        where: { accountId_clientId: { accountId, clientId } },
        create: { accountId, clientId, ...data },
        update: data,
      });
    },

    async find(accountId: string, clientId: string): Promise<RememberedConsent | undefined> {
      const row = await prisma.rememberedConsent.findUnique({
        where: { accountId_clientId: { accountId, clientId } },
      });
      return row ? toConsent(row) : undefined;
    },

    async list(accountId: string): Promise<RememberedConsent[]> {
      const rows = await prisma.rememberedConsent.findMany({ where: { accountId } });
      return rows.map(toConsent);
    },

    /** Forgets one client's consent, or every client's when none is named. */
    async forget(accountId: string, clientId?: string): Promise<void> {
      await prisma.rememberedConsent.deleteMany({
        where: clientId ? { accountId, clientId } : { accountId },
      });
    },

    /**
     * A new grant holding exactly what was consented to before, for
     * oidc-provider's `loadExistingGrant`; the consent prompt then only asks
     * for scopes beyond it.
     */
    async restoreGrant(
      provider: Provider,
      accountId: string,
      clientId: string,
    ): Promise<Grant | undefined> {
      const consent = await this.find(accountId, clientId);
      if (!consent) return undefined;
      const grant = new provider.Grant({ accountId, clientId });
      if (consent.scope) grant.addOIDCScope(consent.scope);
      if (consent.claims.length) grant.addOIDCClaims(consent.claims);
      for (const [resource, scope] of Object.entries(consent.resources)) {
        grant.addResourceScope(resource, scope);
      }
      await grant.save();
      return grant;
    },
  };
}

export type RememberedConsents = ReturnType<typeof createRememberedConsents>;

function toConsent(row: {
  clientId: string;
  scope: string;
  claims: string[];
  resources: unknown;
  limitTags: string[];
  readOnly: boolean;
}): RememberedConsent {
  return {
    clientId: row.clientId,
    scope: row.scope,
    claims: row.claims,
    resources: (row.resources ?? {}) as Record<string, string>,
    limitTags: row.limitTags,
    readOnly: row.readOnly,
  };
}
