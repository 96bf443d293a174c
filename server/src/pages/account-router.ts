import { Router, type Request, type Response } from 'express';
import type { Logger } from '../logger.js';
import type { AccountSession, AccountSessions } from './account-session.js';
import { AccountError, type AccountService } from '../accounts/accounts.js';
import { formBody } from './form-body.js';
import type { ConnectedApps } from '../accounts/connected-apps.js';
import type { Csrf } from './csrf.js';
import type { SignIn } from '../accounts/sign-in.js';
import { accountLoginPage, accountPage, type AccountPageState } from './views/account-pages.js';
import { errorPage } from './views/interaction-pages.js';

export interface AccountRoutesDeps {
  accounts: AccountService;
  apps: ConnectedApps;
  sessions: AccountSessions;
  csrf: Csrf;
  signIn: SignIn;
  logger: Logger;
}

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
  router.use('/account', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  const show = async (
    res: Response,
    accountId: string,
    sid: string,
    state: AccountPageState = {},
    status = 200,
  ) => {
    const account = await accounts.find(accountId);
    if (!account) return res.redirect(303, '/account');
    res
      .status(status)
      .type('html')
      .send(accountPage(account, await apps.list(accountId), csrf.token(`account:${sid}`), state));
  };

  /** The signed-in account for a POST with a valid CSRF token, or a response sent. */
  const authorize = (req: Request, res: Response) => {
    const session = sessions.get(req);
    if (!session) {
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

  router.get('/account', async (req, res) => {
    const session = sessions.get(req);
    if (!session) {
      const id = sessions.preLoginId(req, res);
      return res.type('html').send(accountLoginPage(csrf.token(`account-login:${id}`)));
    }
    await show(res, session.accountId, session.sid);
  });

  router.post('/account/login', form, async (req, res) => {
    const id = sessions.preLoginId(req, res);
    const body = req.body as Record<string, string>;
    if (!csrf.verify(`account-login:${id}`, body._csrf)) {
      return res
        .status(403)
        .type('html')
        .send(errorPage('Form expired', 'Reload the page and try again.'));
    }
    const token = csrf.token(`account-login:${id}`);
    const username = body.username ?? '';
    const outcome = await signIn(username, body.password ?? '');
    if (outcome.kind === 'refused') {
      if (outcome.retryAfterSeconds) res.set('Retry-After', String(outcome.retryAfterSeconds));
      return res
        .status(outcome.status)
        .type('html')
        .send(accountLoginPage(token, { username, message: outcome.message }));
    }
    const { account } = outcome;
    sessions.start(res, account.id);
    res.redirect(303, '/account');
  });

  router.post('/account/logout', form, (req, res) => {
    if (!authorize(req, res)) return;
    sessions.end(res);
    res.redirect(303, '/account');
  });

  /** Runs a change; an AccountError re-renders the page with the message on its field. */
  const change = async (
    res: Response,
    session: AccountSession,
    work: () => Promise<string>,
  ): Promise<void> => {
    try {
      const notice = await work();
      await show(res, session.accountId, session.sid, { notice });
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      const errors = { [error.field]: error.message };
      await show(res, session.accountId, session.sid, { errors }, 400);
    }
  };

  router.post('/account/profile', form, async (req, res) => {
    const session = authorize(req, res);
    if (!session) return;
    const { email, name } = req.body as Record<string, string>;
    await change(res, session, async () => {
      await accounts.updateProfile(session.accountId, { email, name });
      return 'Profile saved.';
    });
  });

  router.post('/account/password', form, async (req, res) => {
    const session = authorize(req, res);
    if (!session) return;
    const { current_password: current = '', password = '' } = req.body as Record<string, string>;
    await change(res, session, async () => {
      await accounts.changePassword(session.accountId, current, password);
      await apps.disconnectAll(session.accountId);
      logger.info(
        { accountId: session.accountId },
        'password changed; every application disconnected',
      );
      return 'Password changed. Every connected application has been disconnected.';
    });
  });

  router.post('/account/apps/disconnect', form, async (req, res) => {
    const session = authorize(req, res);
    if (!session) return;
    const clientId = (req.body as Record<string, string>).client_id ?? '';
    const done = clientId !== '' && (await apps.disconnect(session.accountId, clientId));
    await show(
      res,
      session.accountId,
      session.sid,
      done ? { notice: 'Application disconnected.' } : {},
      done ? 200 : 404,
    );
  });

  router.post('/account/delete', form, async (req, res) => {
    const session = authorize(req, res);
    if (!session) return;
    const account = await accounts.find(session.accountId);
    if (
      !account ||
      (req.body as Record<string, string>).confirm_username?.trim().toLowerCase() !==
        account.username
    ) {
      return show(
        res,
        session.accountId,
        session.sid,
        {
          errors: { confirm_username: 'Type your username exactly to confirm.' },
        },
        400,
      );
    }
    await apps.disconnectAll(account.id);
    await accounts.delete(account.id);
    logger.info({ accountId: account.id }, 'account deleted');
    sessions.end(res);
    res
      .status(200)
      .type('html')
      .send(errorPage('Account deleted', 'Your account and all of your memories are gone.'));
  });

  return router;
}
