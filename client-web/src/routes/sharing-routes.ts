import { Router, type Request, type Response } from 'express';
import { ApiProblem, type PicardApi } from '../api/picard-api.js';
import { csrfToken, verifyCsrf } from '../auth/csrf.js';
import { groupsBody, usernamesOf } from '../views/sharing.js';
import { renderMessage, renderPage } from './render.js';

/** The share form of a memory page, and the groups page. */
export function sharingRoutes(deps: { api: PicardApi }): Router {
  const { api } = deps;
  const router = Router();
  const csrf = verifyCsrf();
  const id = (req: Request) => String(req.params.id);

  router.post('/memories/:id/share', csrf, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const groups = [body.groups ?? []].flat().map(String);
    try {
      const sharing = await api.share(req, id(req), { users: usernamesOf(body.users), groups });
      req.session.notice =
        sharing.permission === 'shared' ? 'Sharing saved.' : 'This memory is no longer shared.';
      res.redirect(303, `/memories/${encodeURIComponent(id(req))}`);
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.status !== 400) throw error;
      renderMessage(res, 400, 'That cannot be shared', {
        message: error.detail,
        link: { href: `/memories/${encodeURIComponent(id(req))}`, label: 'Back to the memory' },
      });
    }
  });

  const showGroups = async (req: Request, res: Response, error?: string, status = 200) => {
    const { items } = await api.groups(req);
    renderPage(
      req,
      res,
      'Groups',
      groupsBody({
        groups: items,
        username: req.session.user!.username,
        csrf: csrfToken(req),
        error,
      }),
      status,
    );
  };

  router.get('/groups', (req, res) => showGroups(req, res));

  /** Runs a change, then shows the groups page with its notice or the API's reason. */
  const change =
    (notice: string, run: (req: Request, body: Record<string, unknown>) => Promise<unknown>) =>
    async (req: Request, res: Response) => {
      try {
        await run(req, req.body as Record<string, unknown>);
        req.session.notice = notice;
        res.redirect(303, '/groups');
      } catch (error) {
        if (!(error instanceof ApiProblem) || ![400, 403, 404, 409].includes(error.status)) {
          throw error;
        }
        await showGroups(req, res, error.detail, error.status === 409 ? 409 : 400);
      }
    };

  router.post(
    '/groups',
    csrf,
    change('Group created.', (req, body) =>
      api.createGroup(req, {
        name: String(body.name ?? ''),
        members: usernamesOf(body.members),
      }),
    ),
  );
  router.post(
    '/groups/:id/members',
    csrf,
    change('Added.', (req, body) =>
      api.updateGroup(req, id(req), { addMembers: usernamesOf(body.members) }),
    ),
  );
  router.post(
    '/groups/:id/members/remove',
    csrf,
    change('Removed.', (req, body) =>
      api.updateGroup(req, id(req), { removeMembers: usernamesOf(body.members) }),
    ),
  );
  router.post(
    '/groups/:id/rename',
    csrf,
    change('Group renamed.', (req, body) =>
      api.updateGroup(req, id(req), { name: String(body.name ?? '') }),
    ),
  );
  router.post(
    '/groups/:id/leave',
    csrf,
    change('You left the group.', (req) => api.leaveGroup(req, id(req))),
  );
  router.post(
    '/groups/:id/delete',
    csrf,
    change('Group deleted.', (req) => api.deleteGroup(req, id(req))),
  );
  return router;
}
