import express, { type Express } from 'express';
import helmet from 'helmet';
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
}

/** Composes the whole server as an Express app, without listening. */
export function createApp({ db, logger }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLogger(logger));
  app.use(helmet());
  app.use(healthRouter({ db }));
  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}
