import { Router, type Request, type Response } from 'express';
import { ApiProblem, type Memory, type PicardApi } from '../api/picard-api.js';
import { csrfToken, verifyCsrf } from '../auth/csrf.js';
import {
  deleteConfirmBody,
  memoriesBody,
  memoryDetailBody,
  memoryFormBody,
  searchBody,
  SCOPES,
  SORTS,
  type MemoryFormValues,
  type Scope,
  type Sort,
} from '../views/pages.js';
import { html } from '@picard/kit/html.js';
import { shareSection } from '../views/sharing.js';
import { apiFields, editValues, formErrors, formValues, validate } from './memory-form.js';
import { renderMessage } from './render.js';
import { renderPage, viewerOf } from './render.js';

export const single = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** True when the signed-in person owns `memory`. */
export const owns = (req: Request, memory: Memory) => memory.ownerId === req.session.user!.sub;

/** The page for changing what is not yours: refused, nothing changed. */
export function notYours(res: Response, memory: Memory) {
  renderMessage(res, 403, 'Not your memory', {
    message: 'You can read this public memory, but only its owner can change or delete it.',
    link: { href: `/memories/${memory.id}`, label: 'Back to the memory' },
  });
}

/** The memory pages: list, create, detail with history, edit, delete, search. */
export function memoryRoutes(deps: { api: PicardApi }): Router {
  const { api } = deps;
  const router = Router();
  const csrf = verifyCsrf();

  const showForm = async (
    req: Request,
    res: Response,
    options: {
      title: string;
      action: string;
      values: MemoryFormValues;
      errors?: Record<string, string>;
      status?: number;
    },
  ) =>
    renderPage(
      req,
      res,
      options.title,
      memoryFormBody({
        action: options.action,
        csrf: csrfToken(req),
        values: options.values,
        errors: options.errors ?? {},
        submit: options.action.endsWith('/edit') ? 'Save changes' : 'Save memory',
        tags: (await api.summary(req)).tags,
      }),
      options.status,
    );

  router.get('/memories', async (req, res) => {
    const sort = (single(req.query.sort) ?? 'newest') as Sort;
    const scope = (single(req.query.scope) ?? 'own') as Scope;
    const filters = {
      scope: scope in SCOPES ? scope : 'own',
      permission: single(req.query.permission) ?? '',
      tag: single(req.query.tag) ?? '',
      sort: sort in SORTS ? sort : 'newest',
    };
    try {
      const [page, summary] = await Promise.all([
        api.list(req, { ...filters, cursor: single(req.query.cursor), limit: '20' }),
        api.summary(req),
      ]);
      renderPage(
        req,
        res,
        filters.scope === 'shared' ? 'Shared with me' : 'Your memories',
        memoriesBody({
          ...page,
          filters,
          summary,
          csrf: csrfToken(req),
          viewer: viewerOf(req),
        }),
      );
    } catch (error) {
      // A filter the API refuses (a tag over 50 characters, a bad cursor) is
      // the person's input: say so, instead of a server error.
      if (!(error instanceof ApiProblem) || error.status !== 400) throw error;
      renderPage(
        req,
        res,
        'That filter cannot be used',
        html`<p class="error" role="alert">${error.detail}</p>
<p><a href="/memories">Show all your memories</a></p>`,
        400,
      );
    }
  });

  router.get('/memories/new', (req, res) =>
    showForm(req, res, {
      title: 'New memory',
      action: '/memories',
      values: { text: '', permission: 'private', tags: '', expires: '' },
    }),
  );

  router.post('/memories', csrf, async (req, res) => {
    const values = formValues(req.body as Record<string, unknown>);
    const viewer = viewerOf(req);
    const refuse = (errors: Record<string, string>) =>
      showForm(req, res, { title: 'New memory', action: '/memories', values, errors, status: 400 });
    const errors = validate(values, viewer.timeZone, viewer.now);
    if (Object.keys(errors).length > 0) return refuse(errors);
    try {
      const fields = apiFields(values, viewer.timeZone);
      const memory = await api.create(req, {
        ...fields,
        permission: values.permission,
        ...(fields.expiresAt ? {} : { expiresAt: undefined }),
      });
      req.session.notice = 'Memory saved.';
      if (memory.duplicates.length > 0 || memory.contradictions.length > 0) {
        req.session.duplicates = {
          memoryId: memory.id,
          of: memory.duplicates.map(({ id, text }) => ({ id, text })),
          contradicts: memory.contradictions.map(({ id, text, reason }) => ({ id, text, reason })),
        };
      }
      res.redirect(303, `/memories/${memory.id}`);
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.status !== 400) throw error;
      await refuse(formErrors(error));
    }
  });

  router.get('/memories/:id', async (req, res) => {
    const memory = await api.get(req, String(req.params.id));
    const viewer = viewerOf(req);
    if (!owns(req, memory)) {
      const title = memory.permission === 'shared' ? 'Shared with you' : 'A public memory';
      return renderPage(req, res, title, memoryDetailBody({ memory, viewer }));
    }
    const [history, created, sharing, groups, reads] = await Promise.all([
      api.history(req, memory.id),
      api.audit(req, { memoryId: memory.id, action: 'memory.create', limit: '1' }),
      api.sharing(req, memory.id),
      api.groups(req),
      api.reads(req, memory.id),
    ]);
    const origin = created.items[0];
    // Shown once, right after the memory was saved.
    const saved = req.session.duplicates;
    const duplicates = saved?.memoryId === memory.id ? saved.of : [];
    const contradicts = (saved?.memoryId === memory.id && saved.contradicts) || [];
    if (saved?.memoryId === memory.id) delete req.session.duplicates;
    renderPage(
      req,
      res,
      'Your memory',
      memoryDetailBody({
        memory,
        owner: {
          history: history.items,
          origin: origin && {
            clientName: origin.clientName,
            surface: origin.surface,
            at: origin.at,
          },
          sharing: shareSection({
            memoryId: memory.id,
            sharing,
            groups: groups.items,
            reads: reads.items,
            csrf: csrfToken(req),
            viewer,
          }),
          duplicates,
          contradicts,
          csrf: csrfToken(req),
        },
        viewer,
      }),
    );
  });

  router.get('/memories/:id/edit', async (req, res) => {
    const memory = await api.get(req, String(req.params.id));
    if (!owns(req, memory)) return notYours(res, memory);
    await showForm(req, res, {
      title: 'Edit memory',
      action: `/memories/${memory.id}/edit`,
      values: editValues(memory, viewerOf(req).timeZone),
    });
  });

  router.post('/memories/:id/edit', csrf, async (req, res) => {
    const id = String(req.params.id);
    const values = formValues(req.body as Record<string, unknown>);
    const viewer = viewerOf(req);
    const current = await api.get(req, id);
    if (!owns(req, current)) return notYours(res, current);
    const refuse = (errors: Record<string, string>) =>
      showForm(req, res, {
        title: 'Edit memory',
        action: `/memories/${id}/edit`,
        values,
        errors,
        status: 400,
      });
    const errors = validate(values, viewer.timeZone, viewer.now);
    if (Object.keys(errors).length > 0) return refuse(errors);
    const before = apiFields(editValues(current, viewer.timeZone), viewer.timeZone);
    const after = apiFields(values, viewer.timeZone);
    // Only what changed, so an unchanged save adds no version to the history.
    const changes = Object.fromEntries(
      Object.entries(after).filter(
        ([key, value]) =>
          JSON.stringify(value) !== JSON.stringify(before[key as keyof typeof before]),
      ),
    );
    try {
      if (Object.keys(changes).length > 0) await api.update(req, id, changes);
      if (values.permission !== current.permission)
        await api.setPermission(req, id, values.permission);
      req.session.notice = 'Changes saved.';
      res.redirect(303, `/memories/${id}`);
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.status !== 400) throw error;
      await refuse(formErrors(error));
    }
  });

  router.get('/memories/:id/delete', async (req, res) => {
    const memory = await api.get(req, String(req.params.id));
    if (!owns(req, memory)) return notYours(res, memory);
    renderPage(
      req,
      res,
      'Delete this memory?',
      deleteConfirmBody({ memory, csrf: csrfToken(req) }),
    );
  });

  // "This one replaces it", offered with a possible duplicate.
  router.post('/memories/:id/supersede', csrf, async (req, res) => {
    const id = String(req.params.id);
    const old = String((req.body as Record<string, unknown>).old ?? '');
    try {
      await api.update(req, id, { supersedes: [old] });
      req.session.notice = 'The older memory is now marked as replaced by this one.';
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.status !== 400) throw error;
      req.session.notice = error.detail;
    }
    res.redirect(303, `/memories/${id}`);
  });

  router.post('/memories/:id/delete', csrf, async (req, res) => {
    const memory = await api.get(req, String(req.params.id));
    if (!owns(req, memory)) return notYours(res, memory);
    await api.delete(req, memory.id);
    req.session.notice = 'Memory deleted.';
    res.redirect(303, '/memories');
  });

  router.get('/search', async (req, res) => {
    const query = single(req.query.q)?.trim() ?? '';
    const filters = {
      permission: single(req.query.permission) ?? '',
      tag: single(req.query.tag)?.trim() ?? '',
    };
    const summary = await api.summary(req);
    const show = (results: Parameters<typeof searchBody>[0]['results'], status = 200) =>
      renderPage(
        req,
        res,
        'Search',
        searchBody({ query, filters, results, tags: summary.tags, viewer: viewerOf(req) }),
        status,
      );
    if (!query) return show(undefined);
    try {
      const permission =
        filters.permission === 'public' || filters.permission === 'private'
          ? filters.permission
          : undefined;
      const { results } = await api.search(req, {
        query,
        limit: 20,
        ...(permission ? { permission } : {}),
        ...(filters.tag ? { tags: [filters.tag] } : {}),
      });
      show(results);
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.status !== 400) throw error;
      renderPage(
        req,
        res,
        'That search cannot be made',
        html`<p class="error" role="alert">${error.detail}</p><p><a href="/search">Search again</a></p>`,
        400,
      );
    }
  });

  return router;
}
