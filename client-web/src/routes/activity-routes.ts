import { Router } from 'express';
import { ApiProblem, type PicardApi } from '../api/picard-api.js';
import { activityBody } from '../views/activity.js';
import { single } from './memory-routes.js';
import { renderMessage, renderPage, viewerOf } from './render.js';

/** How far back the application filter looks for applications to offer. */
const RECENT_ENTRIES = 100;

/** The activity page: what each application did with the person's memories. */
export function activityRoutes(deps: { api: PicardApi }): Router {
  const { api } = deps;
  const router = Router();

  router.get('/activity', async (req, res) => {
    const filters = {
      app: single(req.query.app) ?? '',
      action: single(req.query.action) ?? '',
      memory: single(req.query.memory) ?? '',
    };
    try {
      const [page, recent] = await Promise.all([
        api.audit(req, {
          clientId: filters.app,
          action: filters.action,
          memoryId: filters.memory,
          cursor: single(req.query.cursor),
          limit: '50',
        }),
        api.audit(req, { limit: String(RECENT_ENTRIES) }),
      ]);
      // The applications to filter by: those seen lately, and the one chosen.
      const apps = new Map<string, string>();
      for (const entry of [...recent.items, ...page.items])
        apps.set(entry.clientId, entry.clientName);
      if (filters.app && !apps.has(filters.app)) apps.set(filters.app, filters.app);
      renderPage(
        req,
        res,
        'Activity',
        activityBody({
          ...page,
          filters,
          apps: [...apps].map(([id, name]) => ({ id, name })),
          viewer: viewerOf(req),
        }),
      );
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.status !== 400) throw error;
      renderMessage(res, 400, 'That filter cannot be used', {
        message: error.detail,
        link: { href: '/activity', label: 'Show all activity' },
      });
    }
  });

  return router;
}
