import { timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { registry } from './metrics.js';

/** Answers a scrape with the registry in Prometheus's text format. */
export const scrape: RequestHandler = async (_req, res, next) => {
  try {
    const body = await registry.metrics();
    res.set('Cache-Control', 'no-store').type(registry.contentType).send(body);
  } catch (error) {
    next(error);
  }
};

const equal = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * `GET /metrics` on the public port, behind `Authorization: Bearer
 * <METRICS_TOKEN>` (Prometheus's `authorization` scrape setting). Without a
 * token configured the route does not exist here (404): metrics are then
 * only on the internal listener (METRICS_PORT), if any.
 */
export function metricsRouter(token: string | undefined): Router {
  const router = Router();
  router.get('/metrics', (req, res, next) => {
    if (!token) return next();
    const given = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
    if (!equal(given, token)) {
      return res
        .status(401)
        .set('WWW-Authenticate', 'Bearer realm="metrics"')
        .set('Cache-Control', 'no-store')
        .type('text/plain')
        .send('metrics need Authorization: Bearer <METRICS_TOKEN>\n');
    }
    return scrape(req, res, next);
  });
  return router;
}
