import express, { type Express } from 'express';
import helmet from 'helmet';
import {
  createAuthorizationServer,
  type AuthorizationServer,
} from './auth/authorization-server.js';
import { accountRouter } from './auth/account-router.js';
import { interactionsRouter } from './auth/interactions-router.js';
import type { RateLimitStore } from './auth/rate-limit-store.js';
import { STYLESHEET } from './auth/views/html.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import { healthRouter } from './http/health.js';
import { requestLogger } from './http/request-log.js';
import type { Logger } from './logger.js';

export interface AppDeps {
  config: Config;
  db: Database;
  logger: Logger;
  /** Built from the rest when not given; tests pass one to reach the provider. */
  auth?: AuthorizationServer;
  /** Shared rate-limit counters (Redis); in-process when not given. */
  rateLimitStore?: RateLimitStore;
}

/** Composes the whole server as an Express app, without listening. */
export function createApp({ config, db, logger, ...deps }: AppDeps): Express {
  const auth =
    deps.auth ??
    createAuthorizationServer({ config, db, logger, rateLimitStore: deps.rateLimitStore });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(requestLogger(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // After a sign-in form, the browser follows redirects to the client's
          // redirect_uri, which `form-action 'self'` would block.
          formAction: null,
          upgradeInsecureRequests: config.env === 'production' ? [] : null,
        },
      },
      strictTransportSecurity: config.env === 'production',
    }),
  );
  app.use(healthRouter({ db }));
  app.get('/assets/picard.css', (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=3600').send(STYLESHEET);
  });
  app.use(interactionsRouter({ ...auth, logger }));
  app.use(accountRouter({ ...auth, logger }));
  // oidc-provider last: authorization, token, registration, discovery, JWKS…
  app.use(auth.providerRoutes);
  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}
