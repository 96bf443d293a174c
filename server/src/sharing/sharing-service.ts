import { ValidationError } from '../errors/domain-errors.js';
import type { MemoryRepository } from '../memories/memory-repository.js';
import type { MemoryService } from '../memories/memory-service.js';
import type { Permission } from '../memories/memory-input.js';
import type { ShareKeywordIndexer } from '../memories/share-keyword-indexer.js';
import { toActor, type ActorLike } from '../memories/visibility.js';
import type { SharingRepository } from './sharing-repository.js';

export interface Sharing {
  memoryId: string;
  permission: Permission;
  users: string[];
  groups: { id: string; name: string }[];
}

export interface SharingServiceDeps {
  repository: MemoryRepository;
  sharing: SharingRepository;
  memories: Pick<MemoryService, 'findChangeable'>;
  /** Hashes the postings of new shares for their readers' searches. */
  shareKeywords: Pick<ShareKeywordIndexer, 'indexMemory'>;
  now?: () => Date;
}

/**
 * Sharing one's memories with chosen people and groups. Only the owner sees
 * or changes who a memory is shared with (anyone else gets "not found", as
 * for history); readers get read-only access through the read rule in
 * `visibility.ts`, at query time.
 */
export interface SharingService {
  /** Who the owner's memory is shared with. */
  sharingOf(actor: ActorLike, memoryId: string): Promise<Sharing>;
  /**
   * Shares the owner's memory with exactly these users and groups (the
   * permission becomes "shared"); with neither, withdraws sharing (the
   * memory becomes private). Takes effect on the next request.
   */
  share(
    actor: ActorLike,
    memoryId: string,
    to: { users: string[]; groups: string[] },
  ): Promise<Sharing>;
  /** Who read the owner's memory through sharing (or as public), newest first. */
  readsOf(
    actor: ActorLike,
    memoryId: string,
    limit: number,
  ): Promise<{ username: string; action: string; at: Date }[]>;
}

export function createSharingService(deps: SharingServiceDeps): SharingService {
  const { repository, sharing, memories, shareKeywords } = deps;
  const now = deps.now ?? (() => new Date());

  const sharingOf: SharingService['sharingOf'] = async (actor, memoryId) => {
    const memory = await memories.findChangeable(actor, memoryId);
    const shares = await sharing.sharesOf(memory.id);
    return { memoryId: memory.id, permission: memory.permission, ...shares };
  };

  return {
    sharingOf,

    async share(actorLike, memoryId, to) {
      const actor = toActor(actorLike);
      const memory = await memories.findChangeable(actor, memoryId);
      const names = [...new Set(to.users.map((name) => name.trim().toLowerCase()))];
      const users = await sharing.usersByName(names);
      const unknown = names.filter((name) => !users.some((user) => user.username === name));
      if (unknown.length > 0) {
        throw new ValidationError(`no such user: ${unknown.join(', ')}`, 'users');
      }
      // Only groups the owner belongs to; any other id is as unknown as a missing one.
      const groupIds = [...new Set(to.groups)];
      const mine = new Set((await sharing.groupsOf(actor.userId)).map((group) => group.id));
      const foreign = groupIds.filter((id) => !mine.has(id));
      if (foreign.length > 0) {
        throw new ValidationError(`no such group: ${foreign.join(', ')}`, 'groups');
      }
      const userIds = users.map((user) => user.id).filter((id) => id !== actor.userId);
      const permission: Permission =
        userIds.length + groupIds.length > 0
          ? 'shared'
          : memory.permission === 'shared'
            ? 'private'
            : memory.permission;
      const full = (await repository.findFull(memory.id))!;
      await sharing.replaceShares(memory.id, userIds, groupIds);
      if (permission !== memory.permission) {
        await repository.replaceVersion(full, { permission }, now());
      }
      await shareKeywords.indexMemory(memory.id);
      return sharingOf(actor, memory.id);
    },

    async readsOf(actor, memoryId, limit) {
      const memory = await memories.findChangeable(actor, memoryId);
      return sharing.readsOf(memory.id, memory.userId, limit);
    },
  };
}
