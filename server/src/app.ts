import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { createAccessTokenVerifier } from './resource-server/access-token.js';
import {
  resourceMetadataRouter,
  resourceMetadataUrl,
} from './resource-server/resource-metadata.js';
import { docsRouter } from './api/docs-router.js';
import { openApiDocument } from './api/openapi.js';
import { restRouter } from './api/rest-router.js';
import { createAuditLog, type AuditLog } from './audit/audit-log.js';
import {
  createAuthorizationServer,
  type AuthorizationServer,
} from './authorization-server/authorization-server.js';
import { accountRouter } from './pages/account-router.js';
import { adminRouter } from './pages/admin-router.js';
import { inviteRouter } from './pages/invite-router.js';
import { passwordResetRouter } from './pages/password-reset-router.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { interactionsRouter } from './pages/interactions-router.js';
import { MEMORY_SCOPES, resourceIndicators } from './authorization-server/provider.js';
import type { RateLimitStore } from './http/rate-limit-store.js';
import { createCallerLimiter } from './http/rate-limits.js';
import { STYLESHEET } from './pages/views/html.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import { healthRouter } from './http/health.js';
import { createOriginPolicy } from './http/origin-policy.js';
import { requestLogger } from './http/request-log.js';
import type { Logger } from './logger.js';
import { mcpRouter } from './mcp/mcp-router.js';
import { createMcpSessions, type McpSessions } from './mcp/mcp-sessions.js';
import { createSessionRelayFor } from './mcp/postgres-reply-channel.js';
import type { SessionRelay } from './mcp/session-relay.js';
import type { MemoryStore } from './memories/memory-store.js';
import { createOperationRunner } from './operations/run-operation.js';
import { VERSION } from './version.js';
import { httpMetrics } from './observability/http-metrics.js';
import { readGaugesFrom } from './observability/metrics.js';
import { metricsRouter } from './observability/metrics-router.js';

export interface AppDeps {
  config: Config;
  db: Database;
  logger: Logger;
  store: MemoryStore;
  /** Open MCP sessions; start-server closes them on shutdown. */
  mcpSessions?: McpSessions;
  /** The MCP exchanges open in this process; start-server ends them on shutdown. */
  mcpRelay?: SessionRelay;
  /** The audit log; start-server flushes it on shutdown. */
  audit?: AuditLog;
  /** Built from the rest when not given; tests pass one to reach the provider. */
  auth?: AuthorizationServer;
  /** Shared rate-limit counters (Redis); in-process when not given. */
  rateLimitStore?: RateLimitStore;
  /** Password reset emails; built from SMTP_URL when not given, absent without it. */
  mailer?: Mailer;
}

/** Composes the whole server as an Express app, without listening. */
export function createApp({ config, db, logger, store, ...deps }: AppDeps): Express {
  const auth =
    deps.auth ??
    createAuthorizationServer({ config, db, logger, rateLimitStore: deps.rateLimitStore });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(httpMetrics());
  readGaugesFrom({
    pendingEmbeddings: () => store.embeddings.countPending(),
    pool: () => db.poolStats(),
  });
  app.use(requestLogger(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // After a sign-in form, the browser follows redirects to the client's
          // redirect_uri, which `form-action 'self'` would block.
          formAction: null,
          upgradeInsecureRequests: config.secureTransport ? [] : null,
        },
      },
      strictTransportSecurity: config.secureTransport,
    }),
  );
  app.use(healthRouter({ db }));
  app.use(metricsRouter(config.metrics.token));
  app.get('/assets/picard.css', (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=3600').send(STYLESHEET);
  });
  app.use(
    resourceSurfaces({
      config,
      db,
      logger,
      store,
      auth,
      mcpSessions: deps.mcpSessions,
      mcpRelay: deps.mcpRelay,
      audit: deps.audit,
    }),
  );
  app.use(interactionsRouter({ ...auth, logger, signup: config.admin.signup }));
  app.use(
    inviteRouter({
      invitations: auth.invitations,
      signupUrl: new URL('/signup', config.oauth.webClient.redirectUris[0]).href,
      secure: config.secureTransport,
    }),
  );
  const mailer =
    deps.mailer ??
    (config.admin.smtpUrl
      ? createMailer({ smtpUrl: config.admin.smtpUrl, from: config.admin.mailFrom })
      : undefined);
  app.use(passwordResetRouter({ ...auth, logger, mailer, publicUrl: config.publicUrl }));
  app.use(
    adminRouter({
      ...auth,
      webClientId: config.oauth.webClient.clientId,
      signup: config.admin.signup,
    }),
  );
  app.use(
    accountRouter({
      ...auth,
      logger,
      // The pre-registered web client's home, for the account page's way back.
      webClientUrl: config.oauth.webClient.redirectUris.map((uri) => new URL(uri).origin)[0],
    }),
  );
  // oidc-provider last: authorization, token, registration, discovery, JWKS…
  app.use(auth.providerRoutes);
  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}

/**
 * The resource server: protected-resource metadata, the MCP server, the REST
 * API and its documentation, all behind access tokens from `auth`.
 */
function resourceSurfaces(deps: {
  config: Config;
  db: Database;
  logger: Logger;
  store: MemoryStore;
  auth: AuthorizationServer;
  mcpSessions: McpSessions | undefined;
  mcpRelay: SessionRelay | undefined;
  audit: AuditLog | undefined;
}): express.Router {
  const { config, logger } = deps;
  const resources = resourceIndicators(config.publicUrl);
  const scopes = Object.keys(MEMORY_SCOPES);
  const audit = deps.audit ?? createAuditLog({ db: deps.db, logger });
  const runner = createOperationRunner({
    services: {
      store: deps.store,
      audit,
      accounts: deps.auth.accounts,
      apps: deps.auth.apps,
      administration: deps.auth.administration,
    },
    audit,
  });
  const verifier = createAccessTokenVerifier({
    issuer: config.publicUrl,
    keys: config.secrets.jwks,
    revocation: deps.auth.revocation,
    limits: deps.auth.applicationLimits,
  });
  const origins = createOriginPolicy(config.origins);
  const limiter = createCallerLimiter(deps.auth.rateLimitStore, config.rateLimits);
  const router = express.Router();
  router.use(
    resourceMetadataRouter({
      issuer: config.publicUrl,
      scopes,
      resources: [
        { resource: resources.mcp, name: 'Picard MCP server' },
        {
          resource: resources.api,
          name: 'Picard REST API',
          documentation: `${config.publicUrl}/docs`,
        },
      ],
    }),
  );
  router.use(
    mcpRouter({
      runner,
      verifier,
      resource: resources.mcp,
      resourceMetadataUrl: resourceMetadataUrl(resources.mcp),
      origins,
      sessions: deps.mcpSessions ?? createMcpSessions({ db: deps.db }),
      relay: deps.mcpRelay ?? createSessionRelayFor(deps.db),
      logger,
      serverModel: config.persona.answerer === 'openai',
      version: VERSION,
      memoryUrl: (id) => `${config.oauth.webClient.url}/memories/${encodeURIComponent(id)}`,
      limiter,
    }),
  );
  const document = openApiDocument({ publicUrl: config.publicUrl, version: VERSION });
  router.use(
    '/api',
    cors({
      origin: origins.corsOrigin,
      exposedHeaders: ['WWW-Authenticate', 'Location'],
      maxAge: 86_400,
    }),
  );
  router.get('/api/v1/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(document);
  });
  router.use(
    restRouter({
      runner,
      verifier,
      resource: resources.api,
      resourceMetadataUrl: resourceMetadataUrl(resources.api),
      limiter,
    }),
  );
  router.use(docsRouter({ openApiPath: '/api/v1/openapi.json', title: 'Picard API' }));
  return router;
}
