import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * The account page's own sign-in, kept apart from OAuth sessions: a signed,
 * HttpOnly, SameSite=Lax cookie scoped to /account holding the account id,
 * a random session id (which CSRF tokens are bound to) and an expiry.
 */
export interface AccountSession {
  accountId: string;
  sid: string;
}

const COOKIE = 'picard_account';
const PRE_LOGIN = 'picard_account_login';
const MAX_AGE_MS = 60 * 60_000;

export function createAccountSessions({ secret, secure }: { secret: string; secure: boolean }) {
  const sign = (value: string) =>
    createHmac('sha256', secret).update(`account-session:${value}`).digest('base64url');
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure, path: '/account' };

  const read = (req: Request, name: string): string | undefined => {
    const header = req.headers.cookie ?? '';
    for (const part of header.split(';')) {
      const [key, ...rest] = part.trim().split('=');
      if (key === name) return decodeURIComponent(rest.join('='));
    }
    return undefined;
  };

  const verified = (raw: string | undefined): string | undefined => {
    if (!raw) return undefined;
    const dot = raw.lastIndexOf('.');
    const value = raw.slice(0, dot);
    const given = Buffer.from(raw.slice(dot + 1));
    const expected = Buffer.from(sign(value));
    return given.length === expected.length && timingSafeEqual(given, expected) ? value : undefined;
  };

  return {
    get(req: Request): AccountSession | undefined {
      const value = verified(read(req, COOKIE));
      if (!value) return undefined;
      const { a, s, e } = JSON.parse(Buffer.from(value, 'base64url').toString()) as {
        a: string;
        s: string;
        e: number;
      };
      return e > Date.now() ? { accountId: a, sid: s } : undefined;
    },
    start(res: Response, accountId: string): void {
      const value = Buffer.from(
        JSON.stringify({
          a: accountId,
          s: randomBytes(16).toString('base64url'),
          e: Date.now() + MAX_AGE_MS,
        }),
      ).toString('base64url');
      res.cookie(COOKIE, `${value}.${sign(value)}`, { ...cookieOptions, maxAge: MAX_AGE_MS });
      res.clearCookie(PRE_LOGIN, cookieOptions);
    },
    end(res: Response): void {
      res.clearCookie(COOKIE, cookieOptions);
    },
    /** A per-browser id for the sign-in form's CSRF token, set before there is a session. */
    preLoginId(req: Request, res: Response): string {
      const existing = verified(read(req, PRE_LOGIN));
      if (existing) return existing;
      const id = randomBytes(16).toString('base64url');
      res.cookie(PRE_LOGIN, `${id}.${sign(id)}`, { ...cookieOptions, maxAge: 15 * 60_000 });
      return id;
    },
  };
}

export type AccountSessions = ReturnType<typeof createAccountSessions>;
