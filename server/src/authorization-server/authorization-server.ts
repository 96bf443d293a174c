import cors from 'cors';
import express, { type RequestHandler } from 'express';
import type Provider from 'oidc-provider';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { createAccountSessions, type AccountSessions } from '../pages/account-session.js';
import { createAccountService, type AccountService } from '../accounts/accounts.js';
import { createConnectedApps, type ConnectedApps } from '../accounts/connected-apps.js';
import { createCsrf, type Csrf } from '../pages/csrf.js';
import { createGrantRevocation, type GrantRevocation } from './grant-revocation.js';
import { createProvider, SUPPORTED_SCOPES } from './provider.js';
import { createRememberedConsents, type RememberedConsents } from './remembered-consents.js';
import { createApplicationLimits, type ApplicationLimits } from './application-limits.js';
import { createSignIn, type SignIn } from '../accounts/sign-in.js';
import { createInProcessRateLimitStore, type RateLimitStore } from '../http/rate-limit-store.js';
import {
  createLoginThrottle,
  rateLimit,
  refusalLimit,
  tokenRequestKey,
  type LoginThrottle,
  type RateLimitRule,
} from '../http/rate-limits.js';
import { clientIdOf } from './client-credentials.js';
import { oauthParameterGuard } from './oauth-parameter-guard.js';
import { recordClientActivity } from './client-activity.js';
import { registrationPolicy } from './registration-policy.js';
import { createAdministration, type Administration } from '../admin/administration.js';
import { createClientDirectory } from '../admin/client-directory.js';
import { createInvitations, type Invitations } from '../admin/invitations.js';
import { createPasswordResets, type PasswordResets } from '../admin/password-resets.js';
import { unsupportedScopeGuard } from './unsupported-scope-guard.js';
import { containsUnsafeText, UNSAFE_TEXT_MESSAGE } from '../text/safe-text.js';
import { endSessionGuard, holdUntrustedErrorRedirects } from './untrusted-redirects.js';

/** The authorization server's parts, built once per process. */
export interface AuthorizationServer {
  provider: Provider;
  accounts: AccountService;
  csrf: Csrf;
  revocation: GrantRevocation;
  /** Hands oidc-provider's own routes to it; everything else goes on. */
  providerRoutes: RequestHandler;
  limits: { login: RateLimitRule; registration: RateLimitRule };
  rateLimitStore: RateLimitStore;
  loginThrottle: LoginThrottle;
  /** Password sign-in behind the per-account slow-down, for every sign-in form. */
  signIn: SignIn;
  apps: ConnectedApps;
  consents: RememberedConsents;
  /** What each person limited each application to (tags, read-only). */
  applicationLimits: ApplicationLimits;
  sessions: AccountSessions;
  /** Users, applications, invitations and the admin audit trail. */
  administration: Administration;
  invitations: Invitations;
  resets: PasswordResets;
}

/** Paths oidc-provider answers; the rest of the app answers everything else. */
const PROVIDER_PATHS = [
  /^\/auth(\/|$)/,
  /^\/token(\/|$)/,
  /^\/reg(\/|$)/,
  /^\/jwks$/,
  /^\/session\/end(\/|$)/,
  /^\/\.well-known\/(openid-configuration|oauth-authorization-server)$/,
];

export function createAuthorizationServer(deps: {
  config: Config;
  db: Database;
  logger: Logger;
  /** In-process counters unless given (Redis, see rate-limit-store.ts). */
  rateLimitStore?: RateLimitStore;
  /** The clock client activity is recorded with (tests move it). */
  now?: () => Date;
}): AuthorizationServer {
  const rateLimitStore = deps.rateLimitStore ?? createInProcessRateLimitStore();
  const { rateLimits } = deps.config;
  const limits = {
    login: { name: 'login', limit: rateLimits.loginPerMinute, windowMs: 60_000 },
    token: { name: 'token', limit: rateLimits.tokenPerMinute, windowMs: 60_000 },
    /** Refused token requests per address, whatever they are counted by above. */
    tokenRefusals: { name: 'token-refusals', limit: rateLimits.tokenPerMinute, windowMs: 60_000 },
    /** Account sign-ups (the registration page). */
    registration: {
      name: 'registration',
      limit: rateLimits.registrationPerHour,
      windowMs: 3_600_000,
    },
    /**
     * Dynamic client registration (RFC 7591), counted apart from sign-ups and
     * sized for cloud clients (Claude, ChatGPT) that register for all their
     * users from a few addresses; unused registrations are deleted
     * (purge-stale-clients.ts), which bounds what the limit lets through.
     */
    clientRegistration: {
      name: 'client-registration',
      limit: rateLimits.clientRegistrationPerHour,
      windowMs: 3_600_000,
    },
    /** Introspection (RFC 7662) and revocation (RFC 7009), each its own count. */
    introspection: {
      name: 'introspection',
      limit: rateLimits.tokenPerMinute,
      windowMs: 60_000,
    },
    revocation: { name: 'revocation', limit: rateLimits.tokenPerMinute, windowMs: 60_000 },
  };
  const tokenLimit = rateLimit(rateLimitStore, limits.token, undefined, tokenRequestKey);
  // A 400 (not 401) means the client authenticated; the operator's own web
  // client refreshing tokens that were revoked (a disconnect, an
  // administrator revoking its grants) is no guessing, and counting it would
  // block sign-ins for everyone behind that client.
  const webClientId = deps.config.oauth.webClient.clientId;
  const tokenRefusalLimit = refusalLimit(
    rateLimitStore,
    limits.tokenRefusals,
    (req, res) => res.statusCode === 400 && clientIdOf(req) === webClientId,
  );
  const registrationLimit = rateLimit(rateLimitStore, limits.clientRegistration);
  const introspectionLimit = rateLimit(rateLimitStore, limits.introspection);
  const revocationLimit = rateLimit(rateLimitStore, limits.revocation);
  const accounts = createAccountService({
    db: deps.db,
    adminUsernames: deps.config.admin.usernames,
  });
  const revocation = createGrantRevocation({ db: deps.db });
  const consents = createRememberedConsents(deps.db);
  const applicationLimits = createApplicationLimits({ db: deps.db });
  const provider = createProvider({
    ...deps,
    accounts,
    consents,
    onGrantRevoked: revocation.noteRevoked,
  });
  const apps = createConnectedApps({
    db: deps.db,
    provider,
    revocation,
    consents,
    accessTokenTtlSeconds: deps.config.oauth.accessTokenTtlSeconds,
    logger: deps.logger,
  });
  const sessions = createAccountSessions({
    secret: deps.config.secrets.cookieKeys[0]!,
    secure: deps.config.secureTransport,
    db: deps.db,
  });
  const invitations = createInvitations({ db: deps.db, ttlMs: deps.config.admin.inviteTtlMs });
  const resets = createPasswordResets({
    db: deps.db,
    ttlMs: deps.config.admin.passwordResetTtlMs,
  });
  const administration = createAdministration({
    db: deps.db,
    accounts,
    apps,
    sessions,
    invitations,
    resets,
    publicUrl: deps.config.publicUrl,
    adminUsernames: deps.config.admin.usernames,
    clients: createClientDirectory({
      db: deps.db,
      provider,
      revocation,
      webClient: deps.config.oauth.webClient,
      accessTokenTtlSeconds: deps.config.oauth.accessTokenTtlSeconds,
      allowHttp: deps.config.env !== 'production',
    }),
  });
  const loginThrottle = createLoginThrottle(rateLimitStore);
  recordClientActivity(provider, { db: deps.db, logger: deps.logger, now: deps.now });
  // Only the operator's own clients get error redirects before anyone signed
  // in. (Koa composes middleware when `callback()` is called: install first.)
  const trusted = new Set([deps.config.oauth.webClient.clientId]);
  holdUntrustedErrorRedirects(provider, trusted);
  const callback = provider.callback();
  const registrationBody = registrationBodyGuard();
  // oidc-provider answers no CORS on /reg, but browser-based MCP clients (the
  // Inspector) register from their own page. Registration is open and needs
  // no cookies, so any origin may, as on the discovery endpoints.
  const registrationCors = cors({ origin: true, methods: ['POST'], maxAge: 3600 });
  const scopeGuard = unsupportedScopeGuard(provider, SUPPORTED_SCOPES, trusted);
  const endSession = endSessionGuard(provider, trusted);
  const parameterGuard = oauthParameterGuard();
  const registrationOpen = registrationPolicy(deps.config.admin.clientRegistration);
  return {
    provider,
    accounts,
    csrf: createCsrf(deps.config.secrets.cookieKeys[0]!),
    revocation,
    limits,
    rateLimitStore,
    loginThrottle,
    signIn: createSignIn(accounts, loginThrottle),
    apps,
    consents,
    applicationLimits,
    sessions,
    administration,
    invitations,
    resets,
    providerRoutes: (req, res, next) => {
      if (!PROVIDER_PATHS.some((path) => path.test(req.path))) return next();
      parameterGuard(req, res, () => routeToProvider(req, res));
    },
  };

  function routeToProvider(req: express.Request, res: express.Response): unknown {
    if (req.path === '/reg' && ['POST', 'OPTIONS'].includes(req.method)) {
      // CORS answers a preflight itself; a POST goes on through the policy and limits.
      return registrationCors(req, res, () =>
        registrationOpen(req, res, () =>
          registrationLimit(req, res, () => registrationBody(req, res, () => callback(req, res))),
        ),
      );
    }
    if (req.method === 'POST' && req.path === '/token') {
      return tokenRefusalLimit(req, res, () => tokenLimit(req, res, () => callback(req, res)));
    }
    if (req.method === 'POST' && req.path === '/token/introspection') {
      return introspectionLimit(req, res, () => callback(req, res));
    }
    if (req.method === 'POST' && req.path === '/token/revocation') {
      return revocationLimit(req, res, () => callback(req, res));
    }
    if ((req.method === 'GET' || req.method === 'POST') && req.path === '/auth') {
      return scopeGuard(req, res, () => callback(req, res));
    }
    if (req.path === '/session/end') {
      return endSession(req, res, () => callback(req, res));
    }
    callback(req, res);
  }
}

/** The longest string a registration may hold (a generous URL length); names and URIs are shorter. */
const MAX_METADATA_STRING = 2_000;

/**
 * RFC 7591 §3.2.2: a registration request that cannot be read, or whose
 * values no store can hold (NUL, unpaired surrogates, strings past
 * {@link MAX_METADATA_STRING}), is `invalid_client_metadata`. oidc-provider
 * answers malformed JSON with a generic `invalid_request`, so the body is
 * parsed here first (and handed to it already parsed).
 */
function registrationBodyGuard(): RequestHandler {
  const parse = express.json({ limit: '64kb', strict: true });
  const refuse = (res: express.Response, status: number, description: string) =>
    res
      .status(status)
      .set('Cache-Control', 'no-store')
      .json({ error: 'invalid_client_metadata', error_description: description });
  return (req, res, next) =>
    parse(req, res, (error?: unknown) => {
      if (error) {
        const tooLarge = (error as { type?: string }).type === 'entity.too.large';
        return refuse(
          res,
          tooLarge ? 413 : 400,
          tooLarge ? 'the client metadata is too large' : 'the request body is not valid JSON',
        );
      }
      if (containsUnsafeText(req.body)) {
        return refuse(res, 400, `client metadata ${UNSAFE_TEXT_MESSAGE}`);
      }
      // Redirect URIs have their own rules and error (client-metadata.ts, `invalid_redirect_uri`).
      if (longestString(withoutRedirectUris(req.body)) > MAX_METADATA_STRING) {
        return refuse(
          res,
          400,
          `client metadata values are at most ${MAX_METADATA_STRING} characters`,
        );
      }
      next();
    });
}

const withoutRedirectUris = (body: unknown): unknown =>
  body !== null && typeof body === 'object' && !Array.isArray(body)
    ? Object.fromEntries(
        Object.entries(body).filter(
          ([key]) => key !== 'redirect_uris' && key !== 'post_logout_redirect_uris',
        ),
      )
    : body;

/** The length of the longest string in a parsed JSON value. */
function longestString(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (value === null || typeof value !== 'object') return 0;
  return Math.max(0, ...Object.values(value).map(longestString));
}
