import { Router, type Request } from 'express';
import { ApiProblem, type Memory, type PicardApi } from '../api/picard-api.js';
import { csrfToken, verifyCsrf } from '../auth/csrf.js';
import { BULK_ACTIONS, bulkConfirmBody, MAX_BULK, type BulkAction } from '../views/bulk.js';
import { owns } from './memory-routes.js';
import { renderMessage, renderPage } from './render.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface BulkRequest {
  action: BulkAction;
  tag: string;
  ids: string[];
}

/** The selection and action from the form, or the reason it cannot be used. */
function parseBulk(body: Record<string, unknown>): BulkRequest | string {
  const ids = [body.ids ?? []].flat().filter((id): id is string => typeof id === 'string');
  const action = String(body.action ?? '') as BulkAction;
  const tag = String(body.tag ?? '').trim();
  if (ids.length === 0) return 'Select at least one memory first.';
  if (ids.length > MAX_BULK) return `Select at most ${MAX_BULK} memories at a time.`;
  if (!ids.every((id) => UUID.test(id))) return 'That selection is not one this page made.';
  if (!(action in BULK_ACTIONS)) return 'Choose what to do with the selected memories.';
  if (action.endsWith('-tag') && !tag) return 'Type the tag to add or remove.';
  if (tag.length > 50) return 'A tag can be at most 50 characters.';
  return { action, tag, ids: [...new Set(ids)] };
}

/**
 * Changing several memories at once: the list's selection goes to a
 * confirmation page naming exactly those memories, and only that page's
 * form applies the change. Only the person's own memories are ever touched.
 */
export function bulkRoutes(deps: { api: PicardApi }): Router {
  const { api } = deps;
  const router = Router();
  const csrf = verifyCsrf();

  /** The selected memories that exist and are the person's own. */
  const ownMemories = async (req: Request, ids: string[]): Promise<Memory[]> => {
    const found = await Promise.all(
      ids.map((id) =>
        api.get(req, id).catch((error: unknown) => {
          if (error instanceof ApiProblem && error.status === 404) return undefined;
          throw error;
        }),
      ),
    );
    return found.filter((memory): memory is Memory => !!memory && owns(req, memory));
  };

  const refuse = (res: Parameters<typeof renderMessage>[0], message: string) =>
    renderMessage(res, 400, 'Nothing was changed', {
      message,
      link: { href: '/memories', label: 'Back to your memories' },
    });

  router.post('/memories/bulk', csrf, async (req, res) => {
    const bulk = parseBulk(req.body as Record<string, unknown>);
    if (typeof bulk === 'string') return refuse(res, bulk);
    const memories = await ownMemories(req, bulk.ids);
    if (memories.length === 0) return refuse(res, 'None of the selected memories is yours.');
    renderPage(
      req,
      res,
      'Confirm the change',
      bulkConfirmBody({ action: bulk.action, tag: bulk.tag, memories, csrf: csrfToken(req) }),
    );
  });

  router.post('/memories/bulk/apply', csrf, async (req, res) => {
    const bulk = parseBulk(req.body as Record<string, unknown>);
    if (typeof bulk === 'string') return refuse(res, bulk);
    const memories = await ownMemories(req, bulk.ids);
    // Checked for all before changing any: a refusal leaves every memory as it was.
    const full =
      bulk.action === 'add-tag' &&
      memories.find((memory) => !memory.tags.includes(bulk.tag) && memory.tags.length >= 20);
    if (full)
      return refuse(
        res,
        `“${full.text.slice(0, 40)}…” already has 20 tags, the most a memory can have.`,
      );
    for (const memory of memories) {
      switch (bulk.action) {
        case 'delete':
          await api.delete(req, memory.id);
          break;
        case 'private':
        case 'public':
          if (memory.permission !== bulk.action) {
            await api.setPermission(req, memory.id, bulk.action);
          }
          break;
        case 'add-tag':
        case 'remove-tag': {
          const tags =
            bulk.action === 'add-tag'
              ? [...new Set([...memory.tags, bulk.tag])]
              : memory.tags.filter((tag) => tag !== bulk.tag);
          if (tags.length !== memory.tags.length) await api.update(req, memory.id, { tags });
          break;
        }
      }
    }
    const n = memories.length;
    req.session.notice = `${BULK_ACTIONS[bulk.action]}${bulk.action.endsWith('-tag') ? ` “${bulk.tag}”` : ''}: done for ${n} ${n === 1 ? 'memory' : 'memories'}.`;
    res.redirect(303, '/memories');
  });

  return router;
}
