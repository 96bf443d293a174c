import { z } from 'zod';
import { NotFoundError } from '../errors/domain-errors.js';
import { listMemoriesInput } from '../memories/memory-input.js';
import {
  auditPageOutput,
  meOutput,
  presentAuditPage,
  presentMe,
} from '../presenters/presenters.js';
import { defineOperation } from './operation.js';

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
    'Every memory operation made for you, by any application, newest first: what, when, through which application, on which memories, and how it ended. Never any text.',
  kind: 'read',
  input: listMemoriesInput.pick({ limit: true, cursor: true }),
  output: auditPageOutput,
  rest: { method: 'get', path: '/api/v1/me/audit' },
  handler: async (input, { caller, services }) =>
    presentAuditPage(await services.audit.list(caller.userId, input)),
});
