import { Router, type Request, type Response } from 'express';
import { ApiProblem, type Memory, type PicardApi } from '../api/picard-api.js';
import { csrfToken, verifyCsrf } from '../auth/csrf.js';
import {
  memoriesBody,
  memoryDetailBody,
  memoryFormBody,
  personaBody,
  profileBody,
  searchBody,
  type MemoryFormValues,
} from '../views/pages.js';
import { html } from '@picard/kit/html.js';
import { renderPage } from './render.js';

/** The API's field names as the form spells them. */
const FORM_FIELDS: Record<string, string> = {
  text: 'text',
  tags: 'tags',
  expiresAt: 'expires',
  permission: 'permission',
};

function formValues(body: Record<string, unknown>): MemoryFormValues {
  return {
    text: String(body.text ?? ''),
    permission: body.permission === 'public' ? 'public' : 'private',
    tags: String(body.tags ?? ''),
    expires: String(body.expires ?? ''),
  };
}

function apiFields(values: MemoryFormValues) {
  return {
    text: values.text,
    tags: values.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
    // A date means "forget it at the end of that day" (UTC).
    expiresAt: values.expires ? `${values.expires}T23:59:59Z` : null,
  };
}

/** The API's refusal shown at the field it names; the typed values stay. */
function formErrors(error: ApiProblem): Record<string, string> {
  const field = FORM_FIELDS[(error.field ?? '').split('.')[0]!] ?? 'form';
  return { [field]: error.detail };
}

const single = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The memory pages: list, create, detail with history, edit, delete, search, persona, profile. */
export function memoryRoutes(deps: { api: PicardApi; serverUrl: string }): Router {
  const { api } = deps;
  const router = Router();
  const csrf = verifyCsrf();

  const showForm = (
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
      }),
      options.status,
    );

  router.get('/memories', async (req, res) => {
    const filters = { permission: single(req.query.permission), tag: single(req.query.tag) };
    try {
      const page = await api.list(req, {
        ...filters,
        cursor: single(req.query.cursor),
        limit: '20',
      });
      renderPage(req, res, 'Your memories', memoriesBody({ ...page, filters }));
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
    try {
      const fields = apiFields(values);
      const memory = await api.create(req, {
        ...fields,
        permission: values.permission,
        ...(fields.expiresAt ? {} : { expiresAt: undefined }),
      });
      req.session.notice = 'Memory saved.';
      if (memory.duplicates.length > 0) {
        req.session.duplicates = {
          memoryId: memory.id,
          of: memory.duplicates.map(({ id, text }) => ({ id, text })),
        };
      }
      res.redirect(303, `/memories/${memory.id}`);
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.status !== 400) throw error;
      showForm(req, res, {
        title: 'New memory',
        action: '/memories',
        values,
        errors: formErrors(error),
        status: 400,
      });
    }
  });

  router.get('/memories/:id', async (req, res) => {
    const memory = await api.get(req, String(req.params.id));
    const mine = memory.ownerId === req.session.user!.sub;
    const history = mine ? (await api.history(req, memory.id)).items : [];
    // Shown once, right after the memory was saved.
    const saved = req.session.duplicates;
    const duplicates = saved?.memoryId === memory.id ? saved.of : [];
    if (saved?.memoryId === memory.id) delete req.session.duplicates;
    renderPage(
      req,
      res,
      mine ? 'Your memory' : 'A public memory',
      memoryDetailBody({ memory, history, duplicates, csrf: csrfToken(req) }),
    );
  });

  const editValues = (memory: Memory): MemoryFormValues => ({
    text: memory.text,
    permission: memory.permission,
    tags: memory.tags.join(', '),
    expires: memory.expiresAt ? memory.expiresAt.slice(0, 10) : '',
  });

  router.get('/memories/:id/edit', async (req, res) => {
    const memory = await api.get(req, String(req.params.id));
    showForm(req, res, {
      title: 'Edit memory',
      action: `/memories/${memory.id}/edit`,
      values: editValues(memory),
    });
  });

  router.post('/memories/:id/edit', csrf, async (req, res) => {
    const id = String(req.params.id);
    const values = formValues(req.body as Record<string, unknown>);
    const current = await api.get(req, id);
    const before = apiFields(editValues(current));
    const after = apiFields(values);
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
      showForm(req, res, {
        title: 'Edit memory',
        action: `/memories/${id}/edit`,
        values,
        errors: formErrors(error),
        status: 400,
      });
    }
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
    await api.delete(req, String(req.params.id));
    req.session.notice = 'Memory deleted.';
    res.redirect(303, '/memories');
  });

  router.get('/search', async (req, res) => {
    const query = single(req.query.q)?.trim() ?? '';
    const results = query ? (await api.search(req, { query, limit: 20 })).results : undefined;
    renderPage(req, res, 'Search', searchBody({ query, results }));
  });

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
      personaBody({
        csrf: csrfToken(req),
        username: '',
        question: '',
        me: req.session.user!.sub,
        ...extra,
      }),
      status,
    );

  router.get('/persona', (req, res) =>
    personaPage(req, res, { username: single(req.query.username) ?? '' }),
  );

  router.post('/persona', csrf, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const username = String(body.username ?? '').trim();
    const question = String(body.question ?? '').trim();
    if (!username)
      return personaPage(
        req,
        res,
        { question, error: 'Enter the username of the person to ask.' },
        400,
      );
    try {
      const result = await api.persona(req, username, question);
      personaPage(req, res, { username, question, result });
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.status >= 500) throw error;
      personaPage(req, res, { username, question, error: error.detail }, error.status);
    }
  });

  router.get('/profile', (req, res) =>
    renderPage(
      req,
      res,
      'Profile',
      profileBody({ user: req.session.user!, accountUrl: `${deps.serverUrl}/account` }),
    ),
  );

  return router;
}
