import type { Caller } from '../resource-server/caller.js';
import { DomainError } from '../domain-errors.js';
import type { PersonaAnswerer } from '../persona/persona-answerer.js';
import { UUID } from '../memories/cursor.js';
import type { Memory, MemoryPage, MemoryVersion, ScoredMemory } from '../memories/memory.js';
import type {
  CreateMemoryInput,
  ListMemoriesInput,
  SearchMemoriesInput,
  UpdateMemoryInput,
} from '../memories/memory-input.js';
import type { MemoryStore } from '../memories/memory-store.js';
import type { PersonaResult } from '../persona/persona-service.js';
import type { AuditAction, AuditLog, AuditOutcome } from './audit-log.js';

/**
 * The memory operations as the surfaces call them: on behalf of a caller,
 * and each one recorded in the audit log with its outcome. REST routes and
 * MCP tools go through here, never around it.
 */
export interface AuditedMemories {
  create(caller: Caller, input: CreateMemoryInput): Promise<Memory>;
  get(caller: Caller, memoryId: string): Promise<Memory>;
  list(caller: Caller, input?: ListMemoriesInput): Promise<MemoryPage>;
  update(caller: Caller, memoryId: string, input: UpdateMemoryInput): Promise<Memory>;
  setPermission(caller: Caller, memoryId: string, permission: unknown): Promise<Memory>;
  delete(caller: Caller, memoryId: string): Promise<void>;
  history(caller: Caller, memoryId: string): Promise<MemoryVersion[]>;
  search(caller: Caller, input: SearchMemoriesInput): Promise<ScoredMemory[]>;
  askPersona(
    caller: Caller,
    input: { username: string; question: string },
    answerer?: PersonaAnswerer,
  ): Promise<PersonaResult>;
}

export function createAuditedMemories(deps: {
  store: Pick<MemoryStore, 'memories' | 'search' | 'persona'>;
  audit: Pick<AuditLog, 'record'>;
}): AuditedMemories {
  const { memories, search, persona } = deps.store;

  /** Runs `operation`, then records it: the ids it returned, or the code it failed with. */
  async function audited<Result>(
    caller: Caller,
    action: AuditAction,
    operation: () => Promise<Result>,
    details: {
      /** Ids named by the request, recorded whatever the outcome. */
      requested?: string;
      returned?: (result: Result) => string[];
      target?: unknown;
    } = {},
  ): Promise<Result> {
    const requested = details.requested && UUID.test(details.requested) ? [details.requested] : [];
    const target =
      typeof details.target === 'string'
        ? details.target.trim().toLowerCase() || undefined
        : undefined;
    try {
      const result = await operation();
      const ids = [...new Set([...requested, ...(details.returned?.(result) ?? [])])];
      deps.audit.record({
        caller,
        action,
        outcome: 'success',
        memoryIds: ids,
        targetUsername: target,
      });
      return result;
    } catch (error) {
      deps.audit.record({
        caller,
        action,
        outcome: outcomeOf(error),
        memoryIds: requested,
        targetUsername: target,
      });
      throw error;
    }
  }

  const idOf = (memory: Memory) => [memory.id];
  const idsOf = (hits: ScoredMemory[]) => hits.map(({ memory }) => memory.id);

  return {
    create: (caller, input) =>
      audited(caller, 'memory.create', () => memories.create(caller.userId, input), {
        returned: idOf,
      }),
    get: (caller, id) =>
      audited(caller, 'memory.read', () => memories.get(caller.userId, id), { requested: id }),
    list: (caller, input) =>
      audited(caller, 'memory.list', () => memories.list(caller.userId, input), {
        returned: (page) => page.items.map((memory) => memory.id),
      }),
    update: (caller, id, input) =>
      audited(caller, 'memory.update', () => memories.update(caller.userId, id, input), {
        requested: id,
      }),
    setPermission: (caller, id, permission) =>
      audited(
        caller,
        'memory.permission',
        () => memories.setPermission(caller.userId, id, permission as Memory['permission']),
        { requested: id },
      ),
    delete: (caller, id) =>
      audited(caller, 'memory.delete', () => memories.delete(caller.userId, id), {
        requested: id,
      }),
    history: (caller, id) =>
      audited(caller, 'memory.history', () => memories.history(caller.userId, id), {
        requested: id,
      }),
    search: (caller, input) =>
      audited(caller, 'memory.search', () => search.search(caller.userId, input), {
        returned: idsOf,
        target: input.username,
      }),
    askPersona: (caller, input, answerer) =>
      audited(caller, 'persona.query', () => persona.ask(caller.userId, input, answerer), {
        returned: (result) => idsOf(result.citations),
        target: input.username,
      }),
  };
}

function outcomeOf(error: unknown): AuditOutcome {
  if (!(error instanceof DomainError)) return 'error';
  if (error.status === 404) return 'not_found';
  if (error.code === 'invalid_input' || error.code === 'conflict') return error.code;
  return 'error';
}
