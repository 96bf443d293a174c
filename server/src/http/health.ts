import { Router } from 'express';
import type { Database } from '../db/database.js';

export interface HealthOptions {
  db: Pick<Database, 'ping'>;
  /** How long readiness waits for the database before answering 503 (ms). */
  readinessTimeoutMs?: number;
}

/**
 * `GET /health`: the process is up (liveness; never touches the database).
 * `GET /health/ready`: the database answers, so requests can be served (readiness).
 */
export function healthRouter({ db, readinessTimeoutMs = 2_000 }: HealthOptions): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/health/ready', async (_req, res) => {
    const up = await db.ping(readinessTimeoutMs);
    res
      .status(up ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: up ? 'ready' : 'unavailable', checks: { database: up ? 'up' : 'down' } });
  });
  return router;
}
