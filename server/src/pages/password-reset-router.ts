import { Router, type Request, type Response } from 'express';
import type { Logger } from '../logger.js';
import { AccountError, type AccountService } from '../accounts/accounts.js';
import type { ConnectedApps } from '../accounts/connected-apps.js';
import { normalizeIdentifier, passwordProblem } from '../accounts/account-rules.js';
import type { PasswordResets } from '../admin/password-resets.js';
import type { RateLimitStore } from '../http/rate-limit-store.js';
import { rateLimit, type RateLimitRule } from '../http/rate-limits.js';
import type { Mailer } from '../mail/mailer.js';
import type { AccountSessions } from './account-session.js';
import type { Csrf } from './csrf.js';
import { formBody } from './form-body.js';
import { forgotPasswordPage, resetPasswordPage } from './views/password-pages.js';
import { errorPage } from './views/interaction-pages.js';
import { tooManyAttemptsPage as tooMany } from './views/too-many-attempts.js';

export interface PasswordResetRoutesDeps {
  accounts: AccountService;
  apps: ConnectedApps;
  sessions: AccountSessions;
  resets: PasswordResets;
  csrf: Csrf;
  logger: Logger;
  rateLimitStore: RateLimitStore;
  limits: { login: RateLimitRule };
  publicUrl: string;
  /** Self-service reset by email; without it people ask an administrator for a link. */
  mailer?: Mailer | undefined;
}

/**
 * "Forgot your password?": a reset link by email (when SMTP is configured)
 * and the reset form behind such links (also the links administrators
 * issue). The answer to a request is the same whether or not the address has
 * an account, and the email is sent after answering, so the response time
 * does not tell either. A reset disconnects every application and ends every
 * session of the account.
 */
export function passwordResetRouter(deps: PasswordResetRoutesDeps): Router {
  const { accounts, resets, csrf, sessions, mailer, logger } = deps;
  const router = Router();
  const form = formBody();
  const limit = rateLimit(
    deps.rateLimitStore,
    { ...deps.limits.login, name: 'password-reset' },
    tooMany,
  );
  const validMinutes = Math.round(resets.ttlMs / 60_000);
  const csrfFor = (req: Request, res: Response) =>
    `password-reset:${sessions.preLoginId(req, res)}`;
  const refuseForm = (res: Response) =>
    res.status(403).type('html').send(errorPage('Form expired', 'Reload the page and try again.'));

  router.get('/account/forgot', (req, res) => {
    res
      .type('html')
      .send(forgotPasswordPage({ csrf: csrf.token(csrfFor(req, res)), mail: Boolean(mailer) }));
  });

  router.post('/account/forgot', limit, form, async (req, res) => {
    const body = req.body as Record<string, string>;
    if (!csrf.verify(csrfFor(req, res), body._csrf)) return refuseForm(res);
    if (!mailer) {
      return res
        .status(404)
        .type('html')
        .send(forgotPasswordPage({ csrf: '', mail: false }));
    }
    const email = normalizeIdentifier(body.email).slice(0, 254);
    // Only addresses: a username must not receive a link meant for the email's owner.
    const accountId = email.includes('@') ? await accounts.resolve(email) : undefined;
    res.type('html').send(forgotPasswordPage({ csrf: '', mail: true, sent: true }));
    if (!accountId) return;
    void (async () => {
      const account = await accounts.find(accountId);
      if (!account) return;
      const token = await resets.issue(account.id);
      await mailer.sendPasswordReset(
        account.email,
        `${deps.publicUrl}/account/reset/${token}`,
        validMinutes,
      );
      logger.info({ accountId }, 'password reset link sent');
    })().catch((error: unknown) =>
      logger.error({ error: (error as Error).message }, 'could not send a password reset link'),
    );
  });

  const expired = (res: Response) =>
    res
      .status(400)
      .type('html')
      .send(
        errorPage(
          'This link does not work',
          'This password reset link was already used, has expired, or is incomplete. Ask for a new one.',
        ),
      );

  router.get('/account/reset/:token', async (req, res) => {
    const token = String(req.params.token);
    const userId = await resets.peek(token);
    if (!userId) return expired(res);
    res.set('Referrer-Policy', 'no-referrer');
    res.type('html').send(resetPasswordPage({ token, csrf: csrf.token(csrfFor(req, res)) }));
  });

  router.post('/account/reset/:token', limit, form, async (req, res) => {
    const body = req.body as Record<string, string>;
    if (!csrf.verify(csrfFor(req, res), body._csrf)) return refuseForm(res);
    const token = String(req.params.token);
    const userId = await resets.peek(token);
    const account = userId ? await accounts.find(userId) : undefined;
    if (!account) return expired(res);
    const password = String(body.password ?? '');
    // Checked before the link is used, so a refused password does not spend it.
    const problem = passwordProblem(password, account);
    if (problem) {
      return res
        .status(400)
        .type('html')
        .send(resetPasswordPage({ token, csrf: csrf.token(csrfFor(req, res)), error: problem }));
    }
    if ((await resets.use(token)) !== account.id) return expired(res);
    try {
      await accounts.resetPassword(account.id, password);
    } catch (error) {
      if (error instanceof AccountError) return expired(res);
      throw error;
    }
    await deps.apps.disconnectAll(account.id);
    await sessions.endOthers(account.id);
    logger.info({ accountId: account.id }, 'password reset; every application disconnected');
    res
      .type('html')
      .send(
        errorPage(
          'Password changed',
          'Your new password is set. Every application connected to your account has been disconnected; sign in again where you use Picard.',
        ),
      );
  });

  return router;
}
