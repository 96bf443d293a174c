import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Database } from '../db/database.js';

/**
 * The account page's own sign-in, kept apart from OAuth sessions: a signed,
 * HttpOnly, SameSite=Lax cookie scoped to /account holding a random session
 * id (which CSRF tokens are bound to). The session itself lives in the
 * database (only the id's SHA-256), so signing out, changing the password and
 * deleting the account end every copy of the cookie, not only the browser's.
 */
export interface AccountSession {
  accountId: string;
  sid: string;
}

const COOKIE = 'picard_account';
const PRE_LOGIN = 'picard_account_login';
const MAX_AGE_MS = 60 * 60_000;

const digest = (sid: string) => createHash('sha256').update(sid).digest('base64url');

export function createAccountSessions({
  secret,
  secure,
  db,
}: {
  secret: string;
  secure: boolean;
  db: Database;
}) {
  const { prisma } = db;
  const sign = (value: string) =>
    createHmac('sha256', secret).update(`account-session:${value}`).digest('base64url');
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure, path: '/account' };

  const read = (req: Request, name: string): string | undefined => {
    const header = req.headers.cookie ?? '';
    for (const part of header.split(';')) {
      const [key, ...rest] = part.trim().split('=');
      if (key === name) {
        try {
          return decodeURIComponent(rest.join('='));
        } catch {
          return undefined;
        }
      }
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
    /** The live session named by the request's cookie, if any. */
    async get(req: Request): Promise<AccountSession | undefined> {
      const sid = verified(read(req, COOKIE));
      if (!sid) return undefined;
      const row = await prisma.accountSession.findUnique({ where: { id: digest(sid) } });
      return row && row.expiresAt.getTime() > Date.now()
        ? { accountId: row.accountId, sid }
        : undefined;
    },
    /** Whether the request carries a session cookie at all (live or not). */
    hasCookie(req: Request): boolean {
      return read(req, COOKIE) !== undefined;
    },
    async start(res: Response, accountId: string): Promise<AccountSession> {
      const sid = randomBytes(32).toString('base64url');
      await prisma.accountSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
      await prisma.accountSession.create({
        data: { id: digest(sid), accountId, expiresAt: new Date(Date.now() + MAX_AGE_MS) },
      });
      res.cookie(COOKIE, `${sid}.${sign(sid)}`, { ...cookieOptions, maxAge: MAX_AGE_MS });
      res.clearCookie(PRE_LOGIN, cookieOptions);
      return { accountId, sid };
    },
    /** Ends this session (every copy of its cookie) and clears the browser's cookie. */
    async end(res: Response, session?: AccountSession): Promise<void> {
      if (session) await prisma.accountSession.deleteMany({ where: { id: digest(session.sid) } });
      res.clearCookie(COOKIE, cookieOptions);
    },
    /** Ends every session of the account but `keep` (after a password change). */
    async endOthers(accountId: string, keep?: AccountSession): Promise<void> {
      await prisma.accountSession.deleteMany({
        where: { accountId, ...(keep ? { id: { not: digest(keep.sid) } } : {}) },
      });
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
