import type { RequestHandler } from 'express';
import type Provider from 'oidc-provider';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { createAccountService, type AccountService } from './accounts.js';
import { createCsrf, type Csrf } from './csrf.js';
import { createGrantRevocation, type GrantRevocation } from './grant-revocation.js';
import { createProvider } from './provider.js';

/** The authorization server's parts, built once per process. */
export interface AuthorizationServer {
  provider: Provider;
  accounts: AccountService;
  csrf: Csrf;
  revocation: GrantRevocation;
  /** Hands oidc-provider's own routes to it; everything else goes on. */
  providerRoutes: RequestHandler;
}

/** Paths oidc-provider answers; the rest of the app answers everything else. */
const PROVIDER_PATHS = [
  /^\/auth(\/|$)/,
  /^\/token(\/|$)/,
  /^\/reg(\/|$)/,
  /^\/me$/,
  /^\/jwks$/,
  /^\/session\/end(\/|$)/,
  /^\/\.well-known\/(openid-configuration|oauth-authorization-server)$/,
];

export function createAuthorizationServer(deps: {
  config: Config;
  db: Database;
  logger: Logger;
}): AuthorizationServer {
  const accounts = createAccountService({ db: deps.db });
  const revocation = createGrantRevocation({ db: deps.db });
  const provider = createProvider({ ...deps, accounts, onGrantRevoked: revocation.noteRevoked });
  const callback = provider.callback();
  return {
    provider,
    accounts,
    csrf: createCsrf(deps.config.secrets.cookieKeys[0]!),
    revocation,
    providerRoutes: (req, res, next) => {
      if (PROVIDER_PATHS.some((path) => path.test(req.path))) return callback(req, res);
      next();
    },
  };
}
