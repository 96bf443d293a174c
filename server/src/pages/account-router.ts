import { Router, type Request, type Response } from 'express';
import type Provider from 'oidc-provider';
import type { Logger } from '../logger.js';
import type { AccountSession, AccountSessions } from './account-session.js';
import { AccountError, type AccountService } from '../accounts/accounts.js';
import { formBody } from './form-body.js';
import { tooManyAttemptsPage as tooMany } from './views/too-many-attempts.js';
import type { ConnectedApps } from '../accounts/connected-apps.js';
import {
  parseLimitTags,
  type ApplicationLimits,
} from '../authorization-server/application-limits.js';
import type { Csrf } from './csrf.js';
import type { SignIn } from '../accounts/sign-in.js';
import { MAX_IDENTIFIER_LENGTH } from '../accounts/account-rules.js';
import type { RateLimitStore } from '../http/rate-limit-store.js';
import { rateLimit, type RateLimitRule } from '../http/rate-limits.js';
import { accountLoginPage, accountPage, type AccountPageState } from './views/account-pages.js';
import { errorPage } from './views/interaction-pages.js';

export interface AccountRoutesDeps {
  accounts: AccountService;
  apps: ConnectedApps;
  sessions: AccountSessions;
  csrf: Csrf;
  signIn: SignIn;
  logger: Logger;
  rateLimitStore: RateLimitStore;
  limits: { login: RateLimitRule };
  provider: Provider;
  applicationLimits: ApplicationLimits;
  webClientUrl?: string | undefined;
  /** How recent a sign-in on this browser (to any application) lets the account page open without asking again. */
  recentSignInSeconds?: number;
}

/** Five minutes: the page can disconnect applications, so an old sign-in is not enough. */
const RECENT_SIGN_IN_SECONDS = 300;

/**
 * The account page: profile, password (changing it disconnects every
 * application), connected applications (each can be disconnected), and
 * account deletion (with all memories). Every form carries a CSRF token bound
 * to the account session.
 */
export function accountRouter(deps: AccountRoutesDeps): Router {
  const { accounts, apps, sessions, csrf, signIn, logger } = deps;
  const router = Router();
  const form = formBody();
  // The same per-address budget as the OAuth sign-in form, counted separately.
  const loginLimit = rateLimit(
    deps.rateLimitStore,
    { ...deps.limits.login, name: 'account-login' },
    tooMany,
  );
  // Saving the profile says whether an email address has an account: the
  // same budget keeps that from being a fast way to test addresses.
  const profileLimit = rateLimit(
    deps.rateLimitStore,
    { ...deps.limits.login, name: 'account-profile' },
    tooMany,
  );
  router.use('/account', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  /** The sign-in form, for a browser without a (live) session. */
  const showLogin = (req: Request, res: Response) => {
    const id = sessions.preLoginId(req, res);
    res.type('html').send(accountLoginPage(csrf.token(`account-login:${id}`)));
  };

  const show = async (
    req: Request,
    res: Response,
    session: AccountSession,
    state: AccountPageState = {},
    status = 200,
  ) => {
    const account = await accounts.find(session.accountId);
    if (!account) {
      // The account is gone (deleted elsewhere): forget the session, sign in anew.
      await sessions.end(res, session);
      return showLogin(req, res);
    }
    res
      .status(status)
      .type('html')
      .send(
        accountPage(
          account,
          await apps.list(session.accountId),
          csrf.token(`account:${session.sid}`),
          state,
          { webClientUrl: deps.webClientUrl },
        ),
      );
  };

  /** The signed-in account for a POST with a valid CSRF token, or a response sent. */
  const authorize = async (req: Request, res: Response) => {
    const session = await sessions.get(req);
    if (!session) {
      if (sessions.hasCookie(req)) await sessions.end(res);
      res.redirect(303, '/account');
      return undefined;
    }
    if (!csrf.verify(`account:${session.sid}`, (req.body as Record<string, unknown>)?._csrf)) {
      res
        .status(403)
        .type('html')
        .send(errorPage('Form expired', 'Reload the account page and try again.'));
      return undefined;
    }
    return session;
  };

  /**
   * The account this browser signed in to minutes ago through the sign-in
   * form (oidc-provider's session), so that opening the account page right
   * after signing in to an application does not ask for the password again.
   */
  const recentSignIn = async (req: Request, res: Response) => {
    const signedIn = await deps.provider.Session.get({ req, res } as never).catch(() => undefined);
    const maxAge = deps.recentSignInSeconds ?? RECENT_SIGN_IN_SECONDS;
    if (!signedIn?.accountId || !signedIn.loginTs) return undefined;
    if (Date.now() / 1000 - signedIn.loginTs > maxAge) return undefined;
    return (await accounts.find(signedIn.accountId)) ? signedIn.accountId : undefined;
  };

  router.get('/account', async (req, res) => {
    let session = await sessions.get(req);
    if (!session) {
      // A cookie of an ended session (signed out elsewhere, password changed,
      // account deleted) is cleared.
      if (sessions.hasCookie(req)) await sessions.end(res);
      const accountId = await recentSignIn(req, res);
      if (!accountId) return showLogin(req, res);
      session = await sessions.start(res, accountId);
    }
    await show(req, res, session);
  });

  router.post('/account/login', loginLimit, form, async (req, res) => {
    const id = sessions.preLoginId(req, res);
    const body = req.body as Record<string, string>;
    if (!csrf.verify(`account-login:${id}`, body._csrf)) {
      return res
        .status(403)
        .type('html')
        .send(errorPage('Form expired', 'Reload the page and try again.'));
    }
    const token = csrf.token(`account-login:${id}`);
    const username = String(body.username ?? '').slice(0, MAX_IDENTIFIER_LENGTH);
    const outcome = await signIn(String(body.username ?? ''), String(body.password ?? ''));
    if (outcome.kind === 'refused') {
      if (outcome.retryAfterSeconds) res.set('Retry-After', String(outcome.retryAfterSeconds));
      return res
        .status(outcome.status)
        .type('html')
        .send(accountLoginPage(token, { username, message: outcome.message }));
    }
    const { account } = outcome;
    await sessions.start(res, account.id);
    res.redirect(303, '/account');
  });

  router.post('/account/logout', form, async (req, res) => {
    const session = await authorize(req, res);
    if (!session) return;
    await sessions.end(res, session);
    // Signing out here signs this browser out of Picard altogether, so the
    // sign-in it came from cannot reopen the page.
    const signedIn = await deps.provider.Session.get({ req, res } as never).catch(() => undefined);
    if (signedIn?.accountId) await signedIn.destroy();
    res.redirect(303, '/account');
  });

  /** Runs a change; an AccountError re-renders the page with the message on its field. */
  const change = async (
    req: Request,
    res: Response,
    session: AccountSession,
    work: () => Promise<string>,
  ): Promise<void> => {
    try {
      const notice = await work();
      await show(req, res, session, { notice });
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      const errors = { [error.field]: error.message };
      await show(req, res, session, { errors }, 400);
    }
  };

  router.post('/account/profile', profileLimit, form, async (req, res) => {
    const session = await authorize(req, res);
    if (!session) return;
    const { email, name } = req.body as Record<string, string>;
    await change(req, res, session, async () => {
      await accounts.updateProfile(session.accountId, { email, name });
      return 'Profile saved.';
    });
  });

  router.post('/account/password', form, async (req, res) => {
    const session = await authorize(req, res);
    if (!session) return;
    const { current_password: current = '', password = '' } = req.body as Record<string, string>;
    await change(req, res, session, async () => {
      await accounts.changePassword(session.accountId, current, password);
      await apps.disconnectAll(session.accountId);
      // Whoever else holds a session of this account (a copied cookie, another
      // browser) is signed out; this browser stays signed in.
      await sessions.endOthers(session.accountId, session);
      logger.info(
        { accountId: session.accountId },
        'password changed; every application disconnected',
      );
      return 'Password changed. Every connected application has been disconnected.';
    });
  });

  router.post('/account/apps/disconnect', form, async (req, res) => {
    const session = await authorize(req, res);
    if (!session) return;
    const clientId = (req.body as Record<string, string>).client_id ?? '';
    const done = clientId !== '' && (await apps.disconnect(session.accountId, clientId));
    await show(
      req,
      res,
      session,
      done ? { notice: 'Application disconnected.' } : {},
      done ? 200 : 404,
    );
  });

  router.post('/account/apps/limit', form, async (req, res) => {
    const session = await authorize(req, res);
    if (!session) return;
    const body = req.body as Record<string, string | undefined>;
    const clientId = body.client_id ?? '';
    const connected = (await apps.list(session.accountId)).some((app) => app.clientId === clientId);
    if (connected) {
      await deps.applicationLimits.setLimit(session.accountId, clientId, {
        tags: parseLimitTags(body.limit_tags ?? ''),
        readOnly: body.read_only === 'yes',
      });
    }
    await show(
      req,
      res,
      session,
      connected ? { notice: 'Limits saved; they apply from the next request.' } : {},
      connected ? 200 : 404,
    );
  });

  router.post('/account/delete', form, async (req, res) => {
    const session = await authorize(req, res);
    if (!session) return;
    const account = await accounts.find(session.accountId);
    if (!account) return show(req, res, session);
    const body = req.body as Record<string, string>;
    // Deleting everything asks for the password too, so a stolen session
    // (a copied cookie, an unattended browser) is not enough.
    const errors: Record<string, string> = {};
    if (
      String(body.confirm_username ?? '')
        .trim()
        .toLowerCase() !== account.username
    ) {
      errors.confirm_username = 'Type your username exactly to confirm.';
    }
    if (!(await accounts.checkPassword(account.id, String(body.confirm_password ?? '')))) {
      errors.confirm_password = 'Enter your current password to confirm.';
    }
    if (Object.keys(errors).length > 0) return show(req, res, session, { errors }, 400);
    await apps.disconnectAll(account.id);
    await accounts.delete(account.id);
    logger.info({ accountId: account.id }, 'account deleted');
    await sessions.end(res, session);
    res
      .status(200)
      .type('html')
      .send(errorPage('Account deleted', 'Your account and all of your memories are gone.'));
  });

  return router;
}
