import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { RequestHandler } from 'express';
import pg from 'pg';
import type { PendingLogin, SessionTokens, SignedInUser } from '../auth/oauth-client.js';
import type { ClientConfig } from '../config.js';
import { FileSessionStore } from './file-store.js';

declare module 'express-session' {
  interface SessionData {
    /** Between the redirect to sign in and the callback. */
    pending?: PendingLogin;
    /** Where to go after signing in. */
    returnTo?: string;
    user?: SignedInUser;
    /** Never sent to the browser: tokens live only here, server-side. */
    tokens?: SessionTokens;
    csrf?: string;
    /** A one-time message for the next page. */
    notice?: string;
    /** The IANA time zone the person chose for times (UTC until they do). */
    timeZone?: string;
    /**
     * Memories a just-saved one nearly repeats, and those the server's
     * language model says it contradicts: shown once on its page.
     */
    duplicates?: {
      memoryId: string;
      of: { id: string; text: string }[];
      contradicts?: { id: string; text: string; reason: string }[];
    };
    /** An uploaded import file between its preview and its import (see transfer-routes.ts). */
    pendingImport?: {
      upload: string;
      filename: string;
      format: string | undefined;
      allowPublic: boolean;
      skipInvalid: boolean;
    };
  }
}

/**
 * Server-side sessions: the browser holds only a signed, HttpOnly,
 * SameSite=Lax cookie (Secure in production). Stored in PostgreSQL when
 * CLIENT_DATABASE_URL is set, else in files under DATA_DIR.
 */
export function createSessions(config: ClientConfig): {
  middleware: RequestHandler[];
  close(): Promise<void>;
} {
  let pool: pg.Pool | undefined;
  let store: session.Store;
  if (config.session.databaseUrl) {
    pool = new pg.Pool({ connectionString: config.session.databaseUrl, max: 5 });
    const PgStore = connectPgSimple(session);
    store = new PgStore({ pool, tableName: 'web_sessions', createTableIfMissing: true });
  } else {
    store = new FileSessionStore(config.session.dir);
  }
  const middleware = session({
    name: 'picard-web.sid',
    secret: config.session.secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureTransport,
      maxAge: 14 * 86_400_000,
    },
  });
  return {
    middleware: [middleware, saveBeforeRedirect],
    async close() {
      (store as { close?: () => void }).close?.();
      await pool?.end();
    },
  };
}

/**
 * express-session saves a changed session while the response ends, after a
 * redirect's headers are already out, so the browser's next request could
 * read the session as it was before (a lost notice, an old refresh token).
 * Every redirect therefore waits for the session to be saved first.
 */
const saveBeforeRedirect: RequestHandler = (req, res, next) => {
  const redirect = res.redirect.bind(res) as (status: number, url: string) => void;
  res.redirect = ((...args: [string] | [number, string]) => {
    const [status, url] = args.length === 2 ? args : [302, args[0]];
    // A destroyed session has nothing left to save.
    if (!req.session) return redirect(status, url);
    req.session.save(() => redirect(status, url));
  }) as typeof res.redirect;
  next();
};
