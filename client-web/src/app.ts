import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { ApiProblem, createPicardApi } from './api/picard-api.js';
import { createOAuthClient, type OAuthClient } from './auth/oauth-client.js';
import { SessionEndedError, createTokenKeeper } from './auth/token-keeper.js';
import { isServerUnreachable } from './api/unreachable.js';
import type { ClientConfig } from './config.js';
import { authRoutes } from './routes/auth-routes.js';
import { activityRoutes } from './routes/activity-routes.js';
import { bulkRoutes } from './routes/bulk-routes.js';
import { sharingRoutes } from './routes/sharing-routes.js';
import { memoryRoutes } from './routes/memory-routes.js';
import { personaRoutes } from './routes/persona-routes.js';
import { profileRoutes } from './routes/profile-routes.js';
import { renderMessage } from './routes/render.js';
import { transferRoutes } from './routes/transfer-routes.js';
import { createSessions } from './session/sessions.js';
import { layout, STYLESHEET } from './views/html.js';
import { landingBody } from './views/pages.js';

export interface ClientAppDeps {
  config: ClientConfig;
  logger: Logger;
  /** Built from the configuration when not given. */
  oauth?: OAuthClient;
}

export interface ClientApp {
  app: Express;
  /** Closes the session store's connections. */
  close(): Promise<void>;
}

const ENDED_NOTICE =
  'Your session has ended (it expired or the app was disconnected). Please sign in again.';

/** The web client as an Express app, without listening. */
export function createClientApp({ config, logger, ...deps }: ClientAppDeps): ClientApp {
  const oauth = deps.oauth ?? createOAuthClient(config);
  const tokens = createTokenKeeper(oauth, config.oauth.refreshMarginSeconds);
  const api = createPicardApi(config.serverInternalUrl, tokens);
  const sessions = createSessions(config);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          scriptSrc: ["'none'"],
          styleSrc: ["'self'"],
          // Sign-out posts here, then goes on to the server's end-session page.
          formAction: ["'self'", new URL(config.serverUrl).origin],
          upgradeInsecureRequests: config.secureTransport ? [] : null,
        },
      },
      strictTransportSecurity: config.secureTransport,
    }),
  );
  app.get('/health', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  app.get('/assets/app.css', (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=3600').send(STYLESHEET);
  });
  // Browsers ask for it on every page; it needs no session.
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).set('Cache-Control', 'public, max-age=86400').end();
  });
  app.use(sessions.middleware);
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));
  app.use((_req, res, next) => {
    // Pages show private memories: never cached.
    res.set('Cache-Control', 'no-store');
    next();
  });

  app.get('/', (req, res) => {
    if (req.session.user) return res.redirect(303, '/memories');
    res.type('html').send(
      layout({
        title: 'Picard',
        body: landingBody(),
        notice: req.query.ended === '1' ? ENDED_NOTICE : undefined,
      }),
    );
  });
  app.use(
    authRoutes({
      oauth,
      render: renderMessage,
      logger,
      publicUrl: config.publicUrl,
      secure: config.secureTransport,
    }),
  );

  const signedIn: RequestHandler = (req, res, next) => {
    if (req.session.user) return next();
    if (req.method === 'GET') req.session.returnTo = req.originalUrl;
    res.redirect(303, '/login');
  };
  app.use(
    ['/memories', '/search', '/persona', '/people', '/activity', '/profile', '/import', '/groups'],
    signedIn,
  );
  app.use(bulkRoutes({ api }));
  app.use(sharingRoutes({ api }));
  app.use(memoryRoutes({ api }));
  app.use(personaRoutes({ api }));
  app.use(activityRoutes({ api }));
  app.use(profileRoutes({ serverUrl: config.serverUrl }));
  app.use(transferRoutes({ api, uploadsDir: config.uploadsDir }));

  app.use((_req, res) =>
    renderMessage(res, 404, 'Not found', {
      message: 'There is no page here.',
      link: { href: '/', label: 'Go to the start' },
    }),
  );
  const errors: ErrorRequestHandler = (error, req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof SessionEndedError) {
      return req.session.destroy(() => res.redirect(303, '/?ended=1'));
    }
    if (error instanceof ApiProblem && error.code === 'import_not_found') {
      return renderMessage(res, 404, 'Not found', {
        message: 'That import does not exist, or it is not yours to see.',
        link: { href: '/import', label: 'Import memories' },
      });
    }
    if (error instanceof ApiProblem && error.status === 404) {
      return renderMessage(res, 404, 'Not found', {
        message: 'That memory does not exist, or it is not yours to see.',
        link: { href: '/memories', label: 'Back to your memories' },
      });
    }
    // The session stays: nothing said the sign-in is over, only that the
    // server could not answer now (a refresh included).
    if (isServerUnreachable(error) || (error instanceof ApiProblem && error.status === 503)) {
      res.set('Retry-After', '5');
      return renderMessage(res, 503, 'Picard is unavailable', {
        message:
          'Picard web could not reach the Picard server just now. You are still signed in; please try again in a moment.',
        link: { href: sameOriginRetry(req), label: 'Try again' },
      });
    }
    if ((error as { type?: string }).type === 'entity.too.large') {
      return renderMessage(res, 413, 'Too much text', {
        message: 'That form was too large to accept.',
        link: { href: '/memories', label: 'Back to your memories' },
      });
    }
    logger.error({ err: error }, 'request failed');
    renderMessage(res, 500, 'Something went wrong', {
      message: 'Picard web could not complete that. Please try again in a moment.',
      link: { href: '/', label: 'Go to the start' },
    });
  };
  app.use(errors);
  return { app, close: sessions.close };
}

/** The page asked for, to try again, if it was a GET of a path on this origin; else the start. */
function sameOriginRetry(req: express.Request): string {
  // "//host" and "/\host" would leave the origin.
  return req.method === 'GET' && /^\/(?![/\\])/.test(req.originalUrl) ? req.originalUrl : '/';
}
