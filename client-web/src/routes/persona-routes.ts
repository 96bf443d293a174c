import { Router, type Request, type Response } from 'express';
import { ApiProblem, type PicardApi } from '../api/picard-api.js';
import { csrfToken, verifyCsrf } from '../auth/csrf.js';
import { personaBody } from '../views/pages.js';
import { peopleBody, personBody } from '../views/people.js';
import { single } from './memory-routes.js';
import { renderPage, viewerOf } from './render.js';

/** Other people: their public pages (paged, searchable) and their personas. */
export function personaRoutes(deps: { api: PicardApi }): Router {
  const { api } = deps;
  const router = Router();

  const personaPage = (
    req: Request,
    res: Response,
    extra: Partial<Parameters<typeof personaBody>[0]>,
    status = 200,
  ) =>
    renderPage(
      req,
      res,
      'Ask a persona',
      personaBody({ csrf: csrfToken(req), username: '', question: '', ...extra }),
      status,
    );

  router.get('/persona', (req, res) =>
    personaPage(req, res, { username: single(req.query.username) ?? '' }),
  );

  router.post('/persona', verifyCsrf(), async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const username = String(body.username ?? '').trim();
    const question = String(body.question ?? '').trim();
    const missing = [
      !username && 'Enter the username of the person to ask.',
      !question && 'Enter a question to ask them.',
    ].filter(Boolean);
    if (missing.length > 0) {
      return personaPage(req, res, { username, question, error: missing.join(' ') }, 400);
    }
    try {
      const result = await api.persona(req, username, question);
      personaPage(req, res, { username, question, result });
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
      personaPage(req, res, { username, question, error: error.detail }, error.status);
    }
  });

  router.get('/people', (req, res) => {
    const username = single(req.query.username)?.trim() ?? '';
    if (username) return res.redirect(303, `/people/${encodeURIComponent(username)}`);
    renderPage(req, res, 'People', peopleBody({ username }));
  });

  router.get('/people/:username', async (req, res) => {
    const username = String(req.params.username);
    const query = single(req.query.q)?.trim() ?? '';
    try {
      const [page, found] = await Promise.all([
        query
          ? { items: [], nextCursor: null }
          : api.list(req, { username, cursor: single(req.query.cursor), limit: '20' }),
        query ? api.search(req, { query, username, limit: 20 }) : undefined,
      ]);
      renderPage(
        req,
        res,
        `${username}’s public memories`,
        personBody({
          username,
          self: username.toLowerCase() === req.session.user!.username.toLowerCase(),
          ...page,
          query,
          results: found?.results,
          viewer: viewerOf(req),
        }),
      );
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
      renderPage(
        req,
        res,
        'People',
        peopleBody({
          username,
          error: error.status === 404 ? `There is no one called “${username}”.` : error.detail,
        }),
        error.status,
      );
    }
  });

  return router;
}
