import { Router, type Request, type Response } from 'express';
import type Provider from 'oidc-provider';
import type { Logger } from '../logger.js';
import { AccountError, type AccountService } from '../accounts/accounts.js';
import { formBody } from './form-body.js';
import { tooManyAttemptsPage as tooMany } from './views/too-many-attempts.js';
import { MAX_IDENTIFIER_LENGTH } from '../accounts/account-rules.js';
import type { Csrf } from './csrf.js';
import type { RateLimitStore } from '../http/rate-limit-store.js';
import { rateLimit, type RateLimitRule } from '../http/rate-limits.js';
import type { RememberedConsents } from '../authorization-server/remembered-consents.js';
import {
  parseLimitTags,
  type ApplicationLimits,
} from '../authorization-server/application-limits.js';
import type { SignIn } from '../accounts/sign-in.js';
import { describeScope } from './scope-descriptions.js';
import { ADMIN_SCOPE } from '../operations/operation.js';
import { describeRedirect, metadataDocumentHost } from './redirect-destination.js';
import type { Invitations } from '../admin/invitations.js';
import { INVITE_COOKIE, readCookie } from './cookies.js';
import {
  consentPage,
  errorPage,
  loginPage,
  registerPage,
  signupClosedPage,
} from './views/interaction-pages.js';

export interface InteractionRoutesDeps {
  provider: Provider;
  accounts: AccountService;
  csrf: Csrf;
  logger: Logger;
  rateLimitStore: RateLimitStore;
  limits: { login: RateLimitRule; registration: RateLimitRule };
  signIn: SignIn;
  consents: RememberedConsents;
  applicationLimits: ApplicationLimits;
  /** SIGNUP: who may create an account here. */
  signup: 'open' | 'invite' | 'closed';
  invitations: Invitations;
}

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

/**
 * The pages oidc-provider hands the person to: sign in, create an account,
 * consent. Each POST checks the CSRF token bound to the interaction, then
 * reports the outcome back with `interactionFinished`.
 */
export function interactionsRouter(deps: InteractionRoutesDeps): Router {
  const { provider, accounts, csrf, logger, signIn, consents } = deps;
  const router = Router();
  const form = formBody();
  const loginLimit = rateLimit(deps.rateLimitStore, deps.limits.login, tooMany);
  const registrationLimit = rateLimit(deps.rateLimitStore, deps.limits.registration, tooMany);

  /** Loads the interaction for this browser, or answers with an error page. */
  const load = async (req: Request, res: Response): Promise<Details | undefined> => {
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== req.params.uid) throw new Error('interaction mismatch');
      return details;
    } catch {
      res
        .status(400)
        .type('html')
        .send(
          errorPage(
            'This sign-in has expired',
            'The sign-in session was not found or has expired.',
          ),
        );
      return undefined;
    }
  };

  const clientName = async (details: Details) => {
    const client = await provider.Client.find(String(details.params.client_id));
    return client?.clientName ?? String(details.params.client_id);
  };

  /** Refuses a POST whose CSRF token does not belong to this interaction. */
  const checkCsrf = (req: Request, res: Response, details: Details): boolean => {
    if (csrf.verify(details.uid, (req.body as Record<string, unknown>)?._csrf)) return true;
    res
      .status(403)
      .type('html')
      .send(
        errorPage(
          'Form expired',
          'This form was not submitted from the sign-in page. Please try again.',
        ),
      );
    return false;
  };

  const { signup } = deps;
  /** The registration form under the sign-up policy (closed: a page saying so). */
  const registration = (
    req: Request,
    details: Details,
    token: string,
    name: string,
    state: Parameters<typeof registerPage>[3] = {},
  ) =>
    signup === 'closed'
      ? signupClosedPage()
      : registerPage(details.uid, token, name, {
          ...state,
          invite: signup === 'invite',
          values: {
            invite: readCookie(req, INVITE_COOKIE) ?? '',
            ...state.values,
          },
        });

  const renderPrompt = async (req: Request, res: Response, details: Details) => {
    const name = await clientName(details);
    const token = csrf.token(details.uid);
    if (details.prompt.name === 'login') {
      const wantsSignup = details.params.screen_hint === 'signup';
      res
        .type('html')
        .send(
          wantsSignup
            ? registration(req, details, token, name)
            : loginPage(details.uid, token, name, { signup: signup !== 'closed' }),
        );
      return;
    }
    // Everything the client asks for, not only what is new: native apps are
    // asked every time (RFC 8252 §8.6), and the person should see the whole request.
    const scopes = [
      ...new Set(
        String(details.params.scope ?? '')
          .split(' ')
          .filter(Boolean),
      ),
    ];
    // A consent asked again (new scopes) keeps the limit chosen before.
    const limit = await deps.applicationLimits.limitOf(
      String(details.session?.accountId),
      String(details.params.client_id),
    );
    const adminRefused =
      scopes.includes(ADMIN_SCOPE) &&
      (await accounts.find(String(details.session?.accountId)))?.role !== 'admin';
    res.type('html').send(
      consentPage({
        limit,
        uid: details.uid,
        csrf: token,
        clientName: name,
        warning: adminRefused
          ? 'This application asks to administer this server, which only administrators can allow: this request will be refused.'
          : undefined,
        redirectHost: describeRedirect(String(details.params.redirect_uri)),
        clientIdHost: metadataDocumentHost(String(details.params.client_id)),
        scopes: scopes.map((scope) => ({
          name: scope,
          description: describeScope(scope),
        })),
      }),
    );
  };

  router.get('/interaction/:uid', async (req, res) => {
    const details = await load(req, res);
    if (details) await renderPrompt(req, res, details);
  });

  router.get('/interaction/:uid/register', async (req, res) => {
    const details = await load(req, res);
    if (!details) return;
    res
      .type('html')
      .send(registration(req, details, csrf.token(details.uid), await clientName(details)));
  });

  router.post('/interaction/:uid/login', loginLimit, form, async (req, res) => {
    const details = await load(req, res);
    if (!details || !checkCsrf(req, res, details)) return;
    const { username = '', password = '' } = req.body as Record<string, string>;
    const outcome = await signIn(username, password);
    if (outcome.kind === 'refused') {
      if (outcome.retryAfterSeconds) res.set('Retry-After', String(outcome.retryAfterSeconds));
      res
        .status(outcome.status)
        .type('html')
        .send(
          loginPage(details.uid, csrf.token(details.uid), await clientName(details), {
            values: { username: String(username).slice(0, MAX_IDENTIFIER_LENGTH) },
            message: outcome.message,
            signup: signup !== 'closed',
          }),
        );
      return;
    }
    const { account } = outcome;
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: account.id } },
      { mergeWithLastSubmission: false },
    );
  });

  router.post('/interaction/:uid/register', registrationLimit, form, async (req, res) => {
    const details = await load(req, res);
    if (!details || !checkCsrf(req, res, details)) return;
    const { username = '', email = '', password = '' } = req.body as Record<string, string>;
    if (signup === 'closed') {
      res.status(403).type('html').send(signupClosedPage());
      return;
    }
    // An invitation is used up before the account exists, so two sign-ups
    // cannot share it; it is given back when the account cannot be created.
    let invitationId: string | undefined;
    if (signup === 'invite') {
      const invite = String((req.body as Record<string, string>).invite ?? '').trim();
      invitationId = invite ? await deps.invitations.use(invite) : undefined;
      if (!invitationId) {
        res
          .status(403)
          .type('html')
          .send(
            registration(req, details, csrf.token(details.uid), await clientName(details), {
              values: { username, email, invite },
              errors: {
                invite:
                  'This invitation is not valid: it was used, it expired, or it was mistyped.',
              },
            }),
          );
        return;
      }
    }
    try {
      const account = await accounts
        .register({ username, email, password })
        .catch(async (error: unknown) => {
          if (invitationId) await deps.invitations.release(invitationId);
          throw error;
        });
      if (invitationId) await deps.invitations.markUsedBy(invitationId, account.id);
      await accounts.recordSignIn(account.id);
      logger.info({ accountId: account.id }, 'account registered');
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: account.id } },
        { mergeWithLastSubmission: false },
      );
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      res
        .status(400)
        .type('html')
        .send(
          registration(req, details, csrf.token(details.uid), await clientName(details), {
            values: { username, email },
            errors: error.errors,
          }),
        );
    }
  });

  router.post('/interaction/:uid/consent', form, async (req, res) => {
    const details = await load(req, res);
    if (!details || !checkCsrf(req, res, details)) return;
    if (details.prompt.name !== 'consent') {
      res
        .status(400)
        .type('html')
        .send(errorPage('Nothing to approve', 'This request does not need your consent.'));
      return;
    }
    const { accountId } = details.session!;
    const requested = String(details.params.scope ?? '').split(' ');
    if (requested.includes(ADMIN_SCOPE) && (await accounts.find(accountId))?.role !== 'admin') {
      // The admin scope is granted only to administrators, and only here, on consent.
      await provider.interactionFinished(
        req,
        res,
        {
          error: 'access_denied',
          error_description: 'Only administrators can grant the admin scope',
        },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if ((req.body as Record<string, string>).decision !== 'allow') {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The user denied the request' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const clientId = String(details.params.client_id);
    const grant = details.grantId
      ? ((await provider.Grant.find(details.grantId)) ??
        new provider.Grant({ accountId, clientId }))
      : new provider.Grant({ accountId, clientId });
    const missing = details.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(resource, scopes.join(' '));
    }
    const grantId = await grant.save();
    await consents.remember(grant);
    const body = req.body as Record<string, string | undefined>;
    await deps.applicationLimits.setLimit(accountId, clientId, {
      tags: parseLimitTags(body.limit_tags ?? ''),
      readOnly: body.read_only === 'yes',
    });
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
  });

  router.post('/interaction/:uid/abort', form, async (req, res) => {
    const details = await load(req, res);
    if (!details || !checkCsrf(req, res, details)) return;
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'The user cancelled the sign-in' },
      { mergeWithLastSubmission: false },
    );
  });

  return router;
}
