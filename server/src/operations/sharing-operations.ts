import { z } from 'zod';
import { MAX_USERNAME_LENGTH, safeString } from '../memories/memory-input.js';
import {
  groupListOutput,
  presentGroup,
  presentSharedReads,
  presentSharing,
  sharedReadsOutput,
  sharingOutput,
} from '../presenters/presenters.js';
import { actorOf } from '../resource-server/caller.js';
import { GROUP_ACTIONS, type GroupCommand } from '../sharing/group-service.js';
import type { GroupRow } from '../sharing/sharing-repository.js';
import { defineOperation, type OperationContext } from './operation.js';

/**
 * Sharing memories with people and groups, and the groups themselves. On MCP
 * two tools (`share_memory`, `manage_group`) cover all of it, since every
 * tool costs an assistant context; REST has a route per action.
 */

const memoryId = safeString('memoryId')
  .max(100, { error: 'memoryId is not a memory id' })
  .meta({ description: 'The id of the memory (a UUID, as returned by other operations).' });
const groupId = safeString('groupId')
  .max(100, { error: 'groupId is not a group id' })
  .meta({ description: 'The id of the group (a UUID, as returned by the group operations).' });
const username = safeString('username').max(MAX_USERNAME_LENGTH, {
  error: `each username must be at most ${MAX_USERNAME_LENGTH} characters`,
});
const usernames = z
  .array(username, { error: 'must be a list of usernames' })
  .max(100, { error: 'at most 100 usernames at a time' });
const groupName = safeString('name')
  .max(100, { error: 'name must be at most 100 characters' })
  .transform((value) => value.trim())
  .refine((value) => value.length > 0, { error: 'name must not be empty' })
  .meta({ description: 'The group’s name, 1–100 characters.' });

const groupsOutput = (groups: GroupRow[]) => ({ items: groups.map(presentGroup) });
const runGroup = async (command: GroupCommand, { caller, services }: OperationContext) =>
  groupsOutput((await services.store.groups.run(actorOf(caller), command)).groups);

export const getSharing = defineOperation({
  name: 'getSharing',
  summary: 'Who a memory is shared with',
  description:
    "The users and groups one of your memories is shared with (owners only; anyone else gets 'not found').",
  kind: 'read',
  input: z.strictObject({ memoryId }),
  output: sharingOutput,
  rest: { method: 'get', path: '/api/v1/memories/{memoryId}/sharing' },
  handler: async ({ memoryId }, { caller, services }) =>
    presentSharing(await services.store.sharing.sharingOf(actorOf(caller), memoryId)),
});

export const shareMemory = defineOperation({
  name: 'shareMemory',
  summary: 'Share a memory with people and groups',
  description:
    'Sets exactly who may read one of your memories besides you: users (by username) and groups (by id, from manage_group). They can read it but never change or re-share it. The memory becomes "shared"; giving no users and no groups withdraws sharing and makes it private again. Takes effect at once.',
  kind: 'update',
  idempotent: true,
  input: z.strictObject({
    memoryId,
    users: usernames
      .default([])
      .meta({ description: 'Usernames to share with; replaces the previous list.' }),
    groups: z
      .array(groupId, { error: 'groups must be a list of group ids' })
      .max(100, { error: 'at most 100 groups at a time' })
      .default([])
      .meta({ description: 'Ids of groups you belong to; replaces the previous list.' }),
  }),
  output: sharingOutput,
  rest: { method: 'put', path: '/api/v1/memories/{memoryId}/sharing' },
  tool: 'share_memory',
  audit: { action: 'memory.share' },
  handler: async ({ memoryId, users, groups }, { caller, services }) =>
    presentSharing(
      await services.store.sharing.share(actorOf(caller), memoryId, { users, groups }),
    ),
});

export const listSharedReads = defineOperation({
  name: 'listSharedReads',
  summary: 'Who read a memory you share',
  description:
    'The 100 latest reads of one of your memories by other people (get, list, search, persona), newest first, from the audit log (owners only).',
  kind: 'read',
  input: z.strictObject({ memoryId }),
  output: sharedReadsOutput,
  rest: { method: 'get', path: '/api/v1/memories/{memoryId}/reads' },
  handler: async ({ memoryId }, { caller, services }) =>
    presentSharedReads(await services.store.sharing.readsOf(actorOf(caller), memoryId, 100)),
});

export const listGroups = defineOperation({
  name: 'listGroups',
  summary: 'Your groups',
  description: 'The groups you own or belong to, with their members, by name.',
  kind: 'read',
  input: z.strictObject({}),
  output: groupListOutput,
  rest: { method: 'get', path: '/api/v1/groups' },
  handler: (_input, context) => runGroup({ action: 'list' }, context),
});

export const createGroup = defineOperation({
  name: 'createGroup',
  summary: 'Create a group',
  description: 'Creates a group you own, with members by username (you are a member too).',
  kind: 'create',
  input: z.strictObject({
    name: groupName,
    members: usernames.default([]).meta({ description: 'Usernames of the first members.' }),
  }),
  output: groupListOutput,
  rest: { method: 'post', path: '/api/v1/groups', status: 201 },
  audit: { action: 'group.change' },
  handler: ({ name, members }, context) => runGroup({ action: 'create', name, members }, context),
});

export const updateGroup = defineOperation({
  name: 'updateGroup',
  summary: 'Rename a group or change its members',
  description:
    'Renames a group you own and/or adds and removes members by username. Removed members stop seeing what was shared with the group on their next request; added ones see it at once.',
  kind: 'update',
  input: z.strictObject({
    groupId,
    name: groupName.optional(),
    addMembers: usernames.optional().meta({ description: 'Usernames to add.' }),
    removeMembers: usernames.optional().meta({ description: 'Usernames to remove.' }),
  }),
  output: groupListOutput,
  rest: { method: 'patch', path: '/api/v1/groups/{groupId}' },
  audit: { action: 'group.change' },
  handler: async ({ groupId, name, addMembers, removeMembers }, context) => {
    let result = await runGroup({ action: 'list' }, context);
    if (name !== undefined) result = await runGroup({ action: 'rename', groupId, name }, context);
    if (addMembers?.length) {
      result = await runGroup({ action: 'add_members', groupId, members: addMembers }, context);
    }
    if (removeMembers?.length) {
      result = await runGroup(
        { action: 'remove_members', groupId, members: removeMembers },
        context,
      );
    }
    return result;
  },
});

export const leaveGroup = defineOperation({
  name: 'leaveGroup',
  summary: 'Leave a group',
  description: 'Leaves a group you belong to (its owner deletes it instead).',
  kind: 'update',
  input: z.strictObject({ groupId }),
  output: groupListOutput,
  rest: { method: 'post', path: '/api/v1/groups/{groupId}/leave' },
  audit: { action: 'group.change' },
  handler: ({ groupId }, context) => runGroup({ action: 'leave', groupId }, context),
});

export const deleteGroup = defineOperation({
  name: 'deleteGroup',
  summary: 'Delete a group',
  description:
    'Deletes a group you own; what was shared with it is no longer shared with its members.',
  kind: 'delete',
  input: z.strictObject({ groupId }),
  output: groupListOutput,
  rest: { method: 'delete', path: '/api/v1/groups/{groupId}' },
  audit: { action: 'group.change' },
  handler: ({ groupId }, context) => runGroup({ action: 'delete', groupId }, context),
});

/** Every group action in one MCP tool. */
export const manageGroup = defineOperation({
  name: 'manageGroup',
  summary: 'List, create and change groups to share with',
  description:
    'Groups of people you share memories with. action: "list" (your groups and their members), "create" (name, optional members), "rename" (group_id, name), "add_members" / "remove_members" (group_id, members: usernames; owner only), "leave" (group_id; members), "delete" (group_id; owner only). Returns your groups afterwards. Share a memory with a group with share_memory.',
  kind: 'update',
  input: z.strictObject({
    action: z
      .enum(GROUP_ACTIONS, { error: `action must be one of ${GROUP_ACTIONS.join(', ')}` })
      .meta({ description: 'What to do.' }),
    groupId: groupId.optional(),
    name: groupName.optional(),
    members: usernames.optional().meta({ description: 'Usernames to add, remove or start with.' }),
  }),
  output: groupListOutput,
  // Listing is a read, as it is on REST (listGroups): a read-only token may do it.
  readsOnlyFor: (input) => input.action === 'list',
  tool: 'manage_group',
  audit: { action: 'group.change' },
  handler: (command, context) => runGroup(command, context),
});
