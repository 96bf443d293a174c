import { createClient } from 'redis';

/**
 * Counters with expiry, for rate limits. In-process by default; shared
 * through Redis when REDIS_URL is set, so several instances count together.
 */
export interface RateLimitStore {
  /** Adds one to `key` and returns the new count; the count expires `ttlMs` after it was first set. */
  increment(key: string, ttlMs: number): Promise<number>;
  /** Milliseconds until `key` expires; 0 when it does not exist. */
  remaining(key: string): Promise<number>;
  reset(key: string): Promise<void>;
  /** How many counters are held (in-process stores only; for tests and monitoring). */
  size?(): number;
  close(): Promise<void>;
}

/**
 * Counters kept in this process's memory (not shared between instances; the
 * default when REDIS_URL is not set), at most `maxEntries` of them: when full, expired ones
 * are dropped first, then the oldest, so a flood of distinct keys cannot grow
 * memory without bound (it can only make the oldest counters start over).
 */
export function createInProcessRateLimitStore(
  now: () => number = Date.now,
  { maxEntries = 50_000 } = {},
): RateLimitStore {
  const entries = new Map<string, { count: number; expiresAt: number }>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    async increment(key, ttlMs) {
      const entry = live(key) ?? { count: 0, expiresAt: now() + ttlMs };
      entry.count += 1;
      entries.set(key, entry);
      if (entries.size > maxEntries) {
        for (const name of entries.keys()) live(name);
        for (const name of entries.keys()) {
          if (entries.size <= maxEntries) break;
          if (name !== key) entries.delete(name);
        }
      }
      return entry.count;
    },
    async remaining(key) {
      const entry = live(key);
      return entry ? entry.expiresAt - now() : 0;
    },
    async reset(key) {
      entries.delete(key);
    },
    size: () => entries.size,
    async close() {
      entries.clear();
    },
  };
}

export async function createRedisRateLimitStore(url: string): Promise<RateLimitStore> {
  const client = createClient({ url });
  client.on('error', () => undefined); // reconnects by itself; callers see failed commands
  await client.connect();
  const prefix = 'picard:rl:';
  return {
    async increment(key, ttlMs) {
      const [count] = (await client
        .multi()
        .incr(prefix + key)
        .pExpire(prefix + key, ttlMs, 'NX')
        .exec()) as unknown as [number];
      return Number(count);
    },
    async remaining(key) {
      return Math.max(0, Number(await client.pTTL(prefix + key)));
    },
    async reset(key) {
      await client.del(prefix + key);
    },
    async close() {
      await client.quit();
    },
  };
}
