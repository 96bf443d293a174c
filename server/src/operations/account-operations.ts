import { z } from 'zod';
import { NotFoundError } from '../errors/domain-errors.js';
import { listAuditInput } from '../audit/audit-log.js';
import { listAuditWithinLimit } from '../audit/audit-within-limit.js';
import {
  auditPageOutput,
  meOutput,
  presentAuditPage,
  presentMe,
  presentSummary,
  summaryOutput,
} from '../presenters/presenters.js';
import { defineOperation } from './operation.js';
import { actorOf } from '../resource-server/caller.js';

export const getMe = defineOperation({
  name: 'getMe',
  summary: 'Who the token acts for',
  description: 'The signed-in user and the application the access token was issued to.',
  kind: 'read',
  input: z.strictObject({}),
  output: meOutput,
  rest: { method: 'get', path: '/api/v1/me' },
  handler: async (_input, { caller, services }) => {
    const account = await services.accounts.find(caller.userId);
    if (!account) throw new NotFoundError('user');
    return presentMe(caller, account);
  },
});

export const listAudit = defineOperation({
  name: 'listAudit',
  summary: 'Your audit log',
  description:
    'Every memory operation made for you, by any application, newest first: what, when, through which application, on which memories, and how it ended. Never any text. Filter by application, kind of operation or memory. An application limited to some tags sees only entries about memories within them.',
  kind: 'read',
  input: listAuditInput,
  output: auditPageOutput,
  rest: { method: 'get', path: '/api/v1/me/audit' },
  handler: async (input, { caller, services }) => {
    const actor = actorOf(caller);
    // A tag-limited application sees only entries about memories within its tags.
    const page = actor.tags
      ? await listAuditWithinLimit(
          { audit: services.audit, memories: services.store.memories },
          actor,
          input,
        )
      : await services.audit.list(caller.userId, input);
    const names = await services.apps.names(page.items.map((entry) => entry.clientId));
    return presentAuditPage(page, names);
  },
});

export const getSummary = defineOperation({
  name: 'getSummary',
  summary: 'Your memories at a glance',
  description:
    'How many memories you have (unexpired), private and public, and the tags you use with how often, most used first (at most 200).',
  kind: 'read',
  input: z.strictObject({}),
  output: summaryOutput,
  rest: { method: 'get', path: '/api/v1/me/summary' },
  handler: async (_input, { caller, services }) =>
    presentSummary(await services.store.memories.summary(actorOf(caller))),
});
