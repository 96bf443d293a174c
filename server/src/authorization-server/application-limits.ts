import type { Database } from '../db/database.js';
import type { ApplicationLimit } from '../resource-server/caller.js';

/**
 * What a person limited each application to on the consent page (tags,
 * read-only), stored with the remembered consent of that account and client
 * and looked up by the resource server for every request. Like the
 * revocation check, an answer is cached for `cacheMs` only, and changes made
 * by this process are seen at once.
 */
export interface ApplicationLimits {
  limitOf(accountId: string, clientId: string): Promise<ApplicationLimit | undefined>;
  /** Sets (or, with no tags and not read-only, lifts) the limit. */
  setLimit(accountId: string, clientId: string, limit: ApplicationLimit): Promise<void>;
}

export function createApplicationLimits({
  db,
  cacheMs = 1_000,
}: {
  db: Database;
  cacheMs?: number;
}): ApplicationLimits {
  const cache = new Map<string, { at: number; limit: ApplicationLimit | undefined }>();
  const keyOf = (accountId: string, clientId: string) => `${accountId} ${clientId}`;
  return {
    async limitOf(accountId, clientId) {
      const key = keyOf(accountId, clientId);
      const known = cache.get(key);
      if (known && Date.now() - known.at < cacheMs) return known.limit;
      const row = await db.prisma.rememberedConsent.findUnique({
        where: { accountId_clientId: { accountId, clientId } },
        select: { limitTags: true, readOnly: true },
      });
      const limit =
        row && (row.limitTags.length > 0 || row.readOnly)
          ? { tags: row.limitTags, readOnly: row.readOnly }
          : undefined;
      if (cache.size >= 10_000) cache.clear();
      cache.set(key, { at: Date.now(), limit });
      return limit;
    },

    async setLimit(accountId, clientId, limit) {
      const tags = [...new Set(limit.tags.map((tag) => tag.trim()).filter(Boolean))];
      await db.prisma.rememberedConsent.updateMany({
        where: { accountId, clientId },
        data: { limitTags: tags, readOnly: limit.readOnly },
      });
      cache.delete(keyOf(accountId, clientId));
    },
  };
}

/** The tags a person typed ("work, family notes"): comma-separated, trimmed, at most 20. */
export function parseLimitTags(value: string): string[] {
  return [
    ...new Set(
      value
        .split(',')
        .map((tag) => tag.trim())
        .filter((tag) => tag.length > 0 && tag.length <= 50),
    ),
  ].slice(0, 20);
}
