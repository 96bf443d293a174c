import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';

/**
 * Records when each client last obtained tokens at the token endpoint (a code
 * exchange or a refresh), which is what "completed an authorization" and
 * "still used" mean for the clean-up of dynamically registered clients
 * (purge-stale-clients.ts). Written before the token response leaves, so a
 * client that has just been answered is never taken for an unused one.
 * Install before `provider.callback()` is first called (Koa composes then).
 */
export function recordClientActivity(
  provider: Provider,
  deps: { db: Database; logger: Logger; now?: () => Date },
): void {
  const now = deps.now ?? (() => new Date());
  provider.use(async (ctx, next) => {
    await next();
    const oidc = (ctx as KoaContextWithOIDC).oidc;
    if (oidc?.route !== 'token' || ctx.status !== 200 || !oidc.client) return;
    const clientId = oidc.client.clientId;
    const lastUsedAt = now();
    await deps.db.prisma.clientActivity
      .upsert({
        where: { clientId },
        create: { clientId, lastUsedAt },
        update: { lastUsedAt },
      })
      // The tokens are issued already; a failed note only makes the client look older.
      .catch((error: unknown) =>
        deps.logger.warn({ error: (error as Error).message }, 'could not record client use'),
      );
  });
}
