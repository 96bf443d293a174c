import { Router, type Request, type Response } from 'express';
import { LoginError, type OAuthClient } from '../auth/oauth-client.js';
import type { Logger } from 'pino';
import { verifyCsrf } from '../auth/csrf.js';
import type { Render } from './render.js';

/**
 * Set on sign-out, cleared by the next sign-in: while it is there, signing in
 * asks the server for the password even if the person kept their Picard
 * session (chose "stay signed in" or left the server's sign-out page), so
 * signing out never leaves a silent way back in.
 */
const SIGNED_OUT = 'picard-web.signed-out';

const signedOutBefore = (req: Request) =>
  (req.headers.cookie ?? '').split(';').some((part) => part.trim() === `${SIGNED_OUT}=1`);

const regenerate = (req: Request) =>
  new Promise<void>((resolve, reject) =>
    req.session.regenerate((error) => (error ? reject(error) : resolve())),
  );

/**
 * Signing in and out: the authorization code flow with PKCE, state and nonce
 * (the pending values live in the session, never in the browser), and
 * sign-out that revokes the refresh token and ends the server's session.
 */
export function authRoutes(deps: {
  oauth: OAuthClient;
  render: Render;
  logger: Logger;
  publicUrl: string;
  /** Cookies only over HTTPS (production). */
  secure: boolean;
}): Router {
  const { oauth, render } = deps;
  const router = Router();

  const cookie = { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: deps.secure };
  const start = (signup: boolean) => async (req: Request, res: Response) => {
    const { url, pending } = await oauth.startLogin({
      signup,
      reauthenticate: signedOutBefore(req),
    });
    req.session.pending = pending;
    res.redirect(303, url);
  };
  router.get('/login', start(false));
  router.get('/signup', start(true));

  router.get('/auth/callback', async (req, res) => {
    const pending = req.session.pending;
    const callbackUrl = new URL(req.originalUrl, deps.publicUrl);
    if (!pending) {
      return render(res, 400, 'Sign-in could not be completed', {
        message: 'This sign-in link has expired or was already used. Please start again.',
        link: { href: '/login', label: 'Sign in' },
      });
    }
    try {
      const { tokens, user } = await oauth.finishLogin(callbackUrl, pending);
      const returnTo = req.session.returnTo;
      // A new session id once signed in (no session fixation).
      await regenerate(req);
      req.session.user = user;
      req.session.tokens = tokens;
      res.clearCookie(SIGNED_OUT, cookie);
      res.redirect(303, returnTo ?? '/memories');
    } catch (error) {
      delete req.session.pending;
      if (!(error instanceof LoginError)) throw error;
      deps.logger.info({ reason: error.reason }, 'sign-in not completed');
      if (error.reason === 'access_denied') {
        return render(res, 403, 'You did not allow access', {
          message: 'Picard web needs your permission to show your memories. Nothing was shared.',
          link: { href: '/', label: 'Back to the start' },
        });
      }
      render(res, 400, 'Sign-in could not be completed', {
        message:
          error.reason === 'server_error'
            ? `The Picard server reported a problem: ${error.message}`
            : 'The answer from the Picard server could not be verified (it may have expired or been tampered with). Please try again.',
        link: { href: '/login', label: 'Sign in again' },
      });
    }
  });

  router.post('/logout', verifyCsrf(), async (req, res) => {
    const tokens = req.session.tokens;
    if (tokens?.refreshToken) {
      await oauth.revoke(tokens.refreshToken).catch((error: unknown) => {
        deps.logger.warn({ error: (error as Error).message }, 'could not revoke the refresh token');
      });
    }
    const endSession = await oauth.endSessionUrl(tokens?.idToken).catch(() => '/');
    res.cookie(SIGNED_OUT, '1', { ...cookie, maxAge: 365 * 24 * 3600_000 });
    req.session.destroy(() => res.redirect(303, endSession));
  });

  return router;
}
