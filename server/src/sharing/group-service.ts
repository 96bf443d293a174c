import {
  ApplicationLimitedError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../errors/domain-errors.js';
import { UUID } from '../memories/cursor.js';
import { toActor, type Actor, type ActorLike } from '../memories/visibility.js';
import type { GroupRow, SharingRepository } from './sharing-repository.js';

/** What `manage_group` can do; one tool keeps the assistant's tool list short. */
export const GROUP_ACTIONS = [
  'list',
  'create',
  'rename',
  'add_members',
  'remove_members',
  'leave',
  'delete',
] as const;
export type GroupAction = (typeof GROUP_ACTIONS)[number];

export interface GroupCommand {
  action: GroupAction;
  groupId?: string | undefined;
  name?: string | undefined;
  members?: string[] | undefined;
}

/**
 * Groups of people to share with. The owner names the group and its members
 * (by username); members see the name and the members and may leave. A group
 * the actor neither owns nor belongs to is "not found". Membership is read at
 * query time, so changes apply to what was shared before.
 */
export interface GroupService {
  run(actor: ActorLike, command: GroupCommand): Promise<{ groups: GroupRow[] }>;
}

export function createGroupService(deps: { sharing: SharingRepository }): GroupService {
  const { sharing } = deps;

  const visibleGroup = async (actor: Actor, groupId: string | undefined) => {
    if (!groupId) throw new ValidationError('groupId is required for this action', 'groupId');
    if (!UUID.test(groupId)) throw new NotFoundError('group');
    const group = await sharing.findGroup(groupId);
    if (!group || !group.members.some((member) => member.userId === actor.userId)) {
      throw new NotFoundError('group');
    }
    return group;
  };
  const ownedGroup = async (actor: Actor, groupId: string | undefined) => {
    const group = await visibleGroup(actor, groupId);
    if (group.ownerId !== actor.userId) {
      throw new ForbiddenError('Only the owner of the group can change it.');
    }
    return group;
  };
  const requireName = (name: string | undefined) => {
    if (!name) throw new ValidationError('name is required for this action', 'name');
    return name;
  };
  const usersNamed = async (members: string[] | undefined) => {
    if (!members?.length) {
      throw new ValidationError('members is required for this action', 'members');
    }
    const names = [...new Set(members.map((name) => name.trim().toLowerCase()))];
    const users = await sharing.usersByName(names);
    const unknown = names.filter((name) => !users.some((user) => user.username === name));
    if (unknown.length > 0) {
      throw new ValidationError(`no such user: ${unknown.join(', ')}`, 'members');
    }
    return users.map((user) => user.id);
  };
  const uniqueName = async <T>(write: () => Promise<T>) => {
    try {
      return await write();
    } catch (error) {
      if ((error as { code?: string }).code === 'P2002') {
        throw new ConflictError('You already have a group with that name.');
      }
      throw error;
    }
  };

  return {
    async run(actorLike, command) {
      const actor = toActor(actorLike);
      // Membership decides who reads shared memories, whatever their tags:
      // an application limited to some tags may look at groups, not change them.
      if (command.action !== 'list' && actor.tags?.length) {
        throw new ApplicationLimitedError(
          'This application is limited to some tags and cannot change groups.',
        );
      }
      switch (command.action) {
        case 'list':
          break;
        case 'create': {
          const name = requireName(command.name);
          const members = command.members?.length ? await usersNamed(command.members) : [];
          await uniqueName(() => sharing.createGroup(actor.userId, name, members));
          break;
        }
        case 'rename': {
          const group = await ownedGroup(actor, command.groupId);
          const name = requireName(command.name);
          await uniqueName(() => sharing.renameGroup(group.id, name));
          break;
        }
        case 'add_members': {
          const group = await ownedGroup(actor, command.groupId);
          await sharing.addMembers(group.id, await usersNamed(command.members));
          break;
        }
        case 'remove_members': {
          const group = await ownedGroup(actor, command.groupId);
          const ids = (await usersNamed(command.members)).filter((id) => id !== group.ownerId);
          await sharing.removeMembers(group.id, ids);
          break;
        }
        case 'leave': {
          const group = await visibleGroup(actor, command.groupId);
          if (group.ownerId === actor.userId) {
            throw new ValidationError(
              'The owner cannot leave a group; delete it instead.',
              'action',
            );
          }
          await sharing.removeMembers(group.id, [actor.userId]);
          break;
        }
        case 'delete': {
          const group = await ownedGroup(actor, command.groupId);
          await sharing.deleteGroup(group.id);
          break;
        }
      }
      return { groups: await sharing.groupsOf(actor.userId) };
    },
  };
}
