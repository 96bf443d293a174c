import { z } from 'zod';
import { ForbiddenError } from '../errors/domain-errors.js';
import {
  adminAuditEntryOutput,
  adminClientOutput,
  adminUserPageOutput,
  presentAdminAuditEntry,
  presentAdminClient,
  presentAdminUser,
} from '../presenters/admin-presenters.js';
import type { AdminActor } from '../admin/admin-audit.js';
import type { Administration } from '../admin/administration.js';
import { defineOperation, type OperationContext } from './operation.js';
import { safeString } from '../memories/memory-input.js';

/**
 * Administration over REST (`/api/v1/admin/...`): scope `admin`, and an
 * account that is an administrator at the time of each request (checked by
 * the runner). REST only: no MCP tools. Each change is recorded in the admin
 * audit trail by the administration service.
 */

const username = safeString('username').min(1).max(64).describe('The account’s username.');
const clientId = safeString('clientId').min(1).max(2_000).describe('The OAuth client id.');

/** The administration service and the acting administrator. */
function admin(context: OperationContext): { administration: Administration; actor: AdminActor } {
  const administration = context.services.administration;
  if (!administration || !context.actor) {
    throw new ForbiddenError('this operation is for administrators');
  }
  return { administration, actor: { ...context.actor, surface: 'api' } };
}

const userState = z.object({ username: z.string(), suspended: z.boolean() });

export const adminListUsers = defineOperation({
  name: 'adminListUsers',
  summary: 'List accounts',
  description:
    'Every account, newest first, with creation and last sign-in dates, memory count and connected applications; `query` searches usernames and emails. Never memory text.',
  kind: 'read',
  admin: true,
  input: z.strictObject({
    query: safeString('query').max(254).optional().describe('Part of a username or email.'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  }),
  output: adminUserPageOutput,
  rest: { method: 'get', path: '/api/v1/admin/users' },
  handler: async (input, context) => {
    const page = await admin(context).administration.listUsers(input);
    return { total: page.total, items: page.items.map(presentAdminUser) };
  },
});

export const adminSuspendUser = defineOperation({
  name: 'adminSuspendUser',
  summary: 'Suspend an account',
  description:
    'Revokes every grant of the account at once (its access tokens stop working on both surfaces), ends its sessions, and refuses its sign-in until restored.',
  kind: 'update',
  admin: true,
  idempotent: true,
  input: z.strictObject({ username }),
  output: userState,
  rest: { method: 'post', path: '/api/v1/admin/users/{username}/suspend' },
  handler: async (input, context) => {
    const { administration, actor } = admin(context);
    return administration.suspendUser(actor, input.username);
  },
});

export const adminRestoreUser = defineOperation({
  name: 'adminRestoreUser',
  summary: 'Restore a suspended account',
  description: 'Lets the account sign in again. Its applications must be connected anew.',
  kind: 'update',
  admin: true,
  idempotent: true,
  input: z.strictObject({ username }),
  output: userState,
  rest: { method: 'post', path: '/api/v1/admin/users/{username}/restore' },
  handler: async (input, context) => {
    const { administration, actor } = admin(context);
    return administration.restoreUser(actor, input.username);
  },
});

export const adminSignOutUser = defineOperation({
  name: 'adminSignOutUser',
  summary: 'Sign an account out everywhere',
  description: 'Revokes every grant and ends every session of the account; it may sign in again.',
  kind: 'update',
  admin: true,
  idempotent: true,
  input: z.strictObject({ username }),
  output: z.object({ username: z.string() }),
  rest: { method: 'post', path: '/api/v1/admin/users/{username}/sign-out' },
  handler: async (input, context) => {
    const { administration, actor } = admin(context);
    return administration.signOutUser(actor, input.username);
  },
});

export const adminDeleteUser = defineOperation({
  name: 'adminDeleteUser',
  summary: 'Delete an account',
  description:
    'Deletes the account and all of its memories. `confirmUsername` must repeat the username.',
  kind: 'delete',
  admin: true,
  input: z.strictObject({
    username,
    confirmUsername: safeString('confirmUsername')
      .max(64)
      .describe('The username again, to confirm.'),
  }),
  output: z.object({ username: z.string(), deleted: z.boolean() }),
  rest: { method: 'delete', path: '/api/v1/admin/users/{username}', status: 204 },
  handler: async (input, context) => {
    const { administration, actor } = admin(context);
    return administration.deleteUser(actor, input.username, input.confirmUsername);
  },
});

export const adminIssuePasswordReset = defineOperation({
  name: 'adminIssuePasswordReset',
  summary: 'Issue a password reset link',
  description:
    'A single-use, short-lived link that sets a new password for the account (and disconnects every application). Hand it over in person or by a trusted channel.',
  kind: 'create',
  admin: true,
  input: z.strictObject({ username }),
  output: z.object({
    username: z.string(),
    resetUrl: z.string(),
    expiresAt: z.iso.datetime({ offset: true }),
  }),
  rest: { method: 'post', path: '/api/v1/admin/users/{username}/password-reset', status: 201 },
  handler: async (input, context) => {
    const { administration, actor } = admin(context);
    const issued = await administration.issuePasswordReset(actor, input.username);
    return { ...issued, expiresAt: issued.expiresAt.toISOString() };
  },
});

export const adminListClients = defineOperation({
  name: 'adminListClients',
  summary: 'List applications',
  description:
    'Every OAuth client: kind (pre-registered, dynamic, metadata-document), redirect hosts, creation and last use, live grants.',
  kind: 'read',
  admin: true,
  input: z.strictObject({}),
  output: z.object({ items: z.array(adminClientOutput) }),
  rest: { method: 'get', path: '/api/v1/admin/clients' },
  handler: async (_input, context) => ({
    items: (await admin(context).administration.clients.list()).map(presentAdminClient),
  }),
});

export const adminCreateClient = defineOperation({
  name: 'adminCreateClient',
  summary: 'Pre-register a confidential client',
  description:
    'Registers a confidential client (client_secret_basic, authorization code with PKCE, refresh tokens). The secret is in this answer only.',
  kind: 'create',
  admin: true,
  input: z.strictObject({
    name: safeString('name').trim().min(1).max(100).describe('Shown on the consent page.'),
    redirectUris: z.array(safeString('redirectUris').max(2_000)).min(1).max(10),
  }),
  output: z.object({
    clientId: z.string(),
    clientSecret: z.string(),
    name: z.string(),
    redirectUris: z.array(z.string()),
  }),
  rest: { method: 'post', path: '/api/v1/admin/clients', status: 201 },
  handler: async (input, context) => {
    const { administration, actor } = admin(context);
    return administration.createClient(actor, input);
  },
});

export const adminRevokeClientGrants = defineOperation({
  name: 'adminRevokeClientGrants',
  summary: 'Revoke every grant of an application',
  description:
    'Every account is disconnected from the application; its access tokens stop working at once.',
  kind: 'update',
  admin: true,
  idempotent: true,
  input: z.strictObject({ clientId }),
  output: z.object({ clientId: z.string(), revokedGrants: z.int() }),
  rest: { method: 'post', path: '/api/v1/admin/clients/{clientId}/revoke-grants' },
  handler: async (input, context) => {
    const { administration, actor } = admin(context);
    return administration.revokeClientGrants(actor, input.clientId);
  },
});

export const adminDeleteClient = defineOperation({
  name: 'adminDeleteClient',
  summary: 'Delete an application',
  description: 'Revokes its grants and removes the client (not the configured web client).',
  kind: 'delete',
  admin: true,
  input: z.strictObject({ clientId }),
  output: z.object({ clientId: z.string(), deleted: z.boolean() }),
  rest: { method: 'delete', path: '/api/v1/admin/clients/{clientId}', status: 204 },
  handler: async (input, context) => {
    const { administration, actor } = admin(context);
    return administration.deleteClient(actor, input.clientId);
  },
});

export const adminCreateInvitation = defineOperation({
  name: 'adminCreateInvitation',
  summary: 'Create an invitation',
  description: 'A single-use sign-up link with an expiry, for SIGNUP=invite.',
  kind: 'create',
  admin: true,
  input: z.strictObject({}),
  output: z.object({
    id: z.uuid(),
    inviteUrl: z.string(),
    expiresAt: z.iso.datetime({ offset: true }),
  }),
  rest: { method: 'post', path: '/api/v1/admin/invitations', status: 201 },
  handler: async (_input, context) => {
    const { administration, actor } = admin(context);
    const invitation = await administration.createInvitation(actor);
    return { ...invitation, expiresAt: invitation.expiresAt.toISOString() };
  },
});

export const adminListAudit = defineOperation({
  name: 'adminListAudit',
  summary: 'The admin audit trail',
  description:
    'Administrator actions, newest first: who, what, on which account or application, when.',
  kind: 'read',
  admin: true,
  input: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
  output: z.object({ items: z.array(adminAuditEntryOutput) }),
  rest: { method: 'get', path: '/api/v1/admin/audit' },
  handler: async (input, context) => ({
    items: (await admin(context).administration.audit.list(input.limit)).map(
      presentAdminAuditEntry,
    ),
  }),
});

export const ADMIN_OPERATIONS = [
  adminListUsers,
  adminSuspendUser,
  adminRestoreUser,
  adminSignOutUser,
  adminDeleteUser,
  adminIssuePasswordReset,
  adminListClients,
  adminCreateClient,
  adminRevokeClientGrants,
  adminDeleteClient,
  adminCreateInvitation,
  adminListAudit,
];
