import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { RateLimitStore } from './rate-limit-store.js';
import { rateLimitRefusals } from '../observability/metrics.js';

export interface RateLimitRule {
  /** Names the counter, e.g. "token". */
  name: string;
  /** Requests allowed per window and client address. */
  limit: number;
  windowMs: number;
}

/**
 * Limits requests per client address (Express's `req.ip`, which honours
 * TRUST_PROXY). Over the limit: 429 with Retry-After (RFC 6585 §4), in the
 * OAuth error shape for OAuth endpoints.
 */
export function rateLimit(
  store: RateLimitStore,
  rule: RateLimitRule,
  reject: (req: Request, res: Response, retryAfterSeconds: number) => void = rejectAsOAuth,
  /** What to count by; the client address unless given. */
  keyOf: (req: Request) => string = (req) => String(req.ip),
): RequestHandler {
  return async (req, res, next) => {
    const key = `${rule.name}:${keyOf(req)}`;
    try {
      const count = await store.increment(key, rule.windowMs);
      if (count <= rule.limit) return next();
      const retryAfter = Math.max(1, Math.ceil((await store.remaining(key)) / 1000));
      rateLimitRefusals.inc({ limit: rule.name });
      res.set('Retry-After', String(retryAfter));
      reject(req, res, retryAfter);
    } catch {
      // A broken shared store must not take sign-in down with it.
      next();
    }
  };
}

/**
 * What the token endpoint counts by. A refresh is counted per refresh token
 * (hashed): a web client's server refreshes for all of its users from one
 * address, and must not be limited as if they were one person. Everything
 * else (codes, client credentials, garbage) counts per client address.
 */
export function tokenRequestKey(req: Request): string {
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (body.grant_type === 'refresh_token' && typeof body.refresh_token === 'string') {
    return `refresh:${createHash('sha256').update(body.refresh_token).digest('base64url')}`;
  }
  return String(req.ip);
}

/**
 * Refused requests per client address, whatever else they are counted by:
 * once `rule.limit` of them were refused (400 or 401) within the window,
 * the address gets 429 until the window ends. Refreshes are counted per
 * refresh token ({@link tokenRequestKey}), so an address sending a new
 * made-up token each time was never limited, and each cost a lookup. A web
 * client refreshing for many users is refused only for tokens that are
 * revoked or expired, far fewer. Counted when the answer is sent.
 */
export function refusalLimit(
  store: RateLimitStore,
  rule: RateLimitRule,
  /** Refusals not to count, decided once the answer is sent. */
  exempt: (req: Request, res: Response) => boolean = () => false,
  reject: (req: Request, res: Response, retryAfterSeconds: number) => void = rejectAsOAuth,
): RequestHandler {
  return async (req, res, next) => {
    const counted = `${rule.name}:${String(req.ip)}`;
    const blocked = `${rule.name}-blocked:${String(req.ip)}`;
    try {
      const wait = await store.remaining(blocked);
      if (wait > 0) {
        const retryAfter = Math.max(1, Math.ceil(wait / 1000));
        rateLimitRefusals.inc({ limit: rule.name });
        res.set('Retry-After', String(retryAfter));
        return reject(req, res, retryAfter);
      }
    } catch {
      // A broken shared store must not take the token endpoint down with it.
      return next();
    }
    res.on('finish', () => {
      if ((res.statusCode !== 400 && res.statusCode !== 401) || exempt(req, res)) return;
      void (async () => {
        if ((await store.increment(counted, rule.windowMs)) < rule.limit) return;
        // Blocked for what is left of the window the refusals were counted in.
        await store.increment(blocked, Math.max(1, await store.remaining(counted)));
      })().catch(() => undefined);
    });
    next();
  };
}

/**
 * Requests per user and per client on the resource surfaces (REST and MCP),
 * counted after the access token checks out. Returns the seconds to wait
 * when over either limit, undefined otherwise; a broken shared store lets
 * requests through rather than taking the API down.
 */
export function createCallerLimiter(
  store: RateLimitStore,
  limits: { userPerMinute: number; clientPerMinute: number },
) {
  const windowMs = 60_000;
  return async (caller: { userId: string; clientId: string }): Promise<number | undefined> => {
    const counters = [
      { key: `api-user:${caller.userId}`, limit: limits.userPerMinute },
      { key: `api-client:${caller.clientId}`, limit: limits.clientPerMinute },
    ];
    try {
      for (const { key, limit } of counters) {
        if ((await store.increment(key, windowMs)) > limit) {
          rateLimitRefusals.inc({ limit: key.slice(0, key.indexOf(':')) });
          return Math.max(1, Math.ceil((await store.remaining(key)) / 1000));
        }
      }
    } catch {
      return undefined;
    }
    return undefined;
  };
}

export type CallerLimiter = ReturnType<typeof createCallerLimiter>;

function rejectAsOAuth(_req: Request, res: Response, retryAfter: number): void {
  res
    .status(429)
    .set('Cache-Control', 'no-store')
    .json({
      error: 'temporarily_unavailable',
      error_description: `too many requests; try again in ${retryAfter} seconds`,
    });
}

/**
 * Failed sign-ins per account. After `freeFailures` failures in a row the
 * account must wait before the next try, 1 s doubling up to `maxDelayMs`:
 * guessing slows to a crawl, but the real owner is never locked out for
 * longer than `maxDelayMs`. A successful sign-in clears the count.
 */
export function createLoginThrottle(
  store: RateLimitStore,
  { freeFailures = 5, maxDelayMs = 30_000, memoryMs = 15 * 60_000 } = {},
) {
  const failures = (account: string) => `login-failures:${account.toLowerCase()}`;
  const wait = (account: string) => `login-wait:${account.toLowerCase()}`;
  return {
    /** Milliseconds this account must still wait before trying again (0: go ahead). */
    async delayFor(account: string): Promise<number> {
      return store.remaining(wait(account)).catch(() => 0);
    },
    async failed(account: string): Promise<void> {
      const count = await store.increment(failures(account), memoryMs).catch(() => 0);
      if (count > freeFailures) {
        const delay = Math.min(maxDelayMs, 1000 * 2 ** (count - freeFailures - 1));
        await store.reset(wait(account)).catch(() => undefined);
        await store.increment(wait(account), delay).catch(() => undefined);
      }
    },
    async succeeded(account: string): Promise<void> {
      await store.reset(failures(account)).catch(() => undefined);
      await store.reset(wait(account)).catch(() => undefined);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
