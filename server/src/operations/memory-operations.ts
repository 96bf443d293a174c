import { z } from 'zod';
import {
  createMemoryInput,
  listMemoriesInput,
  permission,
  personaInput,
  safeString,
  searchMemoriesInput,
  updateMemoryFields,
} from '../memories/memory-input.js';
import {
  createdMemoryOutput,
  presentCreatedMemory,
  presentUpdatedMemory,
  updatedMemoryOutput,
  deletedOutput,
  historyOutput,
  memoryOutput,
  memoryPageOutput,
  personaOutput,
  presentHistory,
  presentHits,
  presentMemory,
  presentMemoryPage,
  presentPersona,
  searchOutput,
} from '../presenters/presenters.js';
import { defineOperation } from './operation.js';
import { actorOf } from '../resource-server/caller.js';

const memoryId = safeString('memoryId')
  .max(100, { error: 'memoryId is not a memory id' })
  .meta({ description: 'The id of the memory (a UUID, as returned by other operations).' });
const byId = z.strictObject({ memoryId });

const idsOfPage = (page: { items: { id: string }[] }) => page.items.map((memory) => memory.id);
const idsOfHits = (hits: { memory: { id: string } }[]) => hits.map(({ memory }) => memory.id);

export const createMemory = defineOperation({
  name: 'createMemory',
  summary: 'Store a memory',
  description:
    'Stores a new memory for the signed-in user: a fact, preference or note worth remembering. Private unless made public. The result lists memories it nearly repeats (duplicates); onDuplicate chooses whether to keep it anyway, skip it or let it supersede them, and supersedes names memories it replaces (they leave search but keep their history). With a language model configured on the server, contradictions suggests earlier memories the new one contradicts (update the new memory with supersedes to replace them). Give an idempotency key to make retries safe: a retry with the same key and input returns the first memory (REST: the same 201 answer) instead of storing it twice.',
  kind: 'create',
  input: createMemoryInput,
  output: createdMemoryOutput,
  rest: {
    method: 'post',
    path: '/api/v1/memories',
    status: 201,
    location: (memory) => `/api/v1/memories/${memory.id}`,
    // draft-ietf-httpapi-idempotency-key-header: the key travels as a header on REST.
    headers: { idempotencyKey: 'Idempotency-Key' },
  },
  tool: 'submit_memory',
  audit: { action: 'memory.create', memoryIds: (memory) => [memory.id] },
  handler: async (input, { caller, services }) =>
    presentCreatedMemory(await services.store.memories.create(actorOf(caller), input)),
});

export const listMemories = defineOperation({
  name: 'listMemories',
  summary: 'List memories, newest first',
  description:
    'Lists the signed-in user\'s memories, newest first, a page at a time; scope "shared" lists what others shared with them, "all" both; with username, that user\'s memories they may read (public and shared with them). Pass the next cursor back as cursor for the next page.',
  kind: 'read',
  input: listMemoriesInput,
  output: memoryPageOutput,
  rest: { method: 'get', path: '/api/v1/memories' },
  tool: 'retrieve_memories',
  audit: { action: 'memory.list', memoryIds: idsOfPage },
  handler: async (input, { caller, services }) =>
    presentMemoryPage(await services.store.memories.list(actorOf(caller), input)),
});

export const searchMemories = defineOperation({
  name: 'searchMemories',
  summary: 'Search memories by meaning',
  description:
    'Hybrid search: the signed-in user\'s memories that best match the query by meaning and by exact words (names, numbers), best first. Each result says how strong a match it is (weak ones are ranked, not hidden) and its similarity (-1 to 1). Memories another one superseded are left out unless includeSuperseded. scope "shared" searches what others shared with them, "all" both; with username, that user\'s memories they may read (public and shared with them) instead.',
  kind: 'read',
  input: searchMemoriesInput,
  output: searchOutput,
  rest: { method: 'post', path: '/api/v1/memories/search' },
  tool: 'query_memory',
  audit: { action: 'memory.search', memoryIds: (output) => idsOfHits(output.results) },
  handler: async (input, { caller, services }) =>
    presentHits(await services.store.search.search(actorOf(caller), input)),
});

export const getMemory = defineOperation({
  name: 'getMemory',
  summary: 'Read a memory',
  description:
    "Reads one memory: one of the user's own, another user's public memory, or one shared with the user.",
  kind: 'read',
  input: byId,
  output: memoryOutput,
  rest: { method: 'get', path: '/api/v1/memories/{memoryId}' },
  tool: 'get_memory',
  audit: { action: 'memory.read' },
  handler: async ({ memoryId }, { caller, services }) =>
    presentMemory(await services.store.memories.get(actorOf(caller), memoryId)),
});

export const updateMemory = defineOperation({
  name: 'updateMemory',
  summary: 'Edit a memory',
  description:
    "Changes the text, tags or expiry of one of the user's memories, or marks others as superseded by it (supersedes). The previous version is kept in its history; an edit that changes nothing adds no version. New text is checked as a new memory is: the result lists the user's other memories it now nearly repeats (duplicates) and, with a language model configured on the server, those it may contradict; nothing else changes (edit again with supersedes to replace them).",
  kind: 'update',
  input: updateMemoryFields.extend({ memoryId }),
  output: updatedMemoryOutput,
  rest: { method: 'patch', path: '/api/v1/memories/{memoryId}' },
  tool: 'update_memory',
  audit: { action: 'memory.update' },
  handler: async ({ memoryId, ...changes }, { caller, services }) =>
    presentUpdatedMemory(await services.store.memories.update(actorOf(caller), memoryId, changes)),
});

export const setPermission = defineOperation({
  name: 'setPermission',
  summary: 'Change who can read a memory',
  description:
    "Makes one of the user's memories private or public. Public memories can be read by anyone signed in and used in their persona questions.",
  kind: 'update',
  idempotent: true,
  input: z.strictObject({ memoryId, permission }),
  output: memoryOutput,
  rest: { method: 'put', path: '/api/v1/memories/{memoryId}/permission' },
  tool: 'modify_permissions',
  audit: { action: 'memory.permission' },
  handler: async ({ memoryId, permission }, { caller, services }) =>
    presentMemory(
      await services.store.memories.setPermission(actorOf(caller), memoryId, permission),
    ),
});

export const deleteMemory = defineOperation({
  name: 'deleteMemory',
  summary: 'Delete a memory',
  description: "Deletes one of the user's memories and its history, for good.",
  kind: 'delete',
  input: byId,
  output: deletedOutput,
  rest: { method: 'delete', path: '/api/v1/memories/{memoryId}', status: 204 },
  tool: 'delete_memory',
  audit: { action: 'memory.delete' },
  handler: async ({ memoryId }, { caller, services }) => {
    await services.store.memories.delete(actorOf(caller), memoryId);
    return { deleted: memoryId };
  },
});

export const getHistory = defineOperation({
  name: 'getHistory',
  summary: 'Earlier versions of a memory',
  description:
    "The earlier versions of one of the user's own memories, newest first (owners only, even for public memories).",
  kind: 'read',
  input: byId,
  output: historyOutput,
  rest: { method: 'get', path: '/api/v1/memories/{memoryId}/history' },
  tool: 'get_memory_history',
  audit: { action: 'memory.history' },
  handler: async ({ memoryId }, { caller, services }) =>
    presentHistory(await services.store.memories.history(actorOf(caller), memoryId)),
});

export const askPersona = defineOperation({
  name: 'askPersona',
  summary: 'Ask a user’s persona',
  description:
    "Answers a question as another user would, in the first person, from that user's public memories and those they shared with you (all of your own when asking about yourself), citing the memories used.",
  kind: 'read',
  input: personaInput,
  output: personaOutput,
  rest: { method: 'post', path: '/api/v1/users/{username}/persona' },
  tool: 'query_user',
  audit: { action: 'persona.query', memoryIds: (output) => idsOfHits(output.citations) },
  handler: async (input, { caller, services, answerer }) =>
    presentPersona(await services.store.persona.ask(actorOf(caller), input, answerer)),
});

/**
 * The memories a persona answer would draw on, for clients that write the
 * answer with their own model (the MCP `persona` prompt). Audited as a
 * persona query: it reads the same memories one does.
 */
export const personaContext = defineOperation({
  name: 'personaContext',
  summary: 'The memories a persona answer draws on',
  description:
    "The memories relevant to a question that may be used to answer as that user: their public ones, or all of one's own.",
  kind: 'read',
  input: personaInput,
  output: z.object({ username: z.string(), results: searchOutput.shape.results }),
  audit: { action: 'persona.query', memoryIds: (output) => idsOfHits(output.results) },
  handler: async (input, { caller, services }) => {
    const context = await services.store.persona.retrieve(actorOf(caller), input);
    return { username: context.username, ...presentHits(context.memories) };
  },
});

const prefix = safeString('value')
  .max(100, { error: 'value must be at most 100 characters' })
  .meta({ description: 'What has been typed so far.' });
const suggestions = z.object({ values: z.array(z.string()) });

/**
 * Completion of tag arguments (the MCP `completion/complete` request): the
 * tags on one's own memories starting with what has been typed. Reveals no
 * memory, so it is not audited.
 */
export const suggestTags = defineOperation({
  name: 'suggestTags',
  summary: 'Tags of yours that start with some text',
  description: "The tags on the signed-in user's memories that start with value.",
  kind: 'read',
  input: z.strictObject({ value: prefix }),
  output: suggestions,
  handler: async ({ value }, { caller, services }) => ({
    values: await services.store.memories.suggestTags(actorOf(caller), value),
  }),
});

/**
 * Completion of username arguments: only names whose memories one may read
 * (users with public memories, and oneself), so completion reveals no
 * account that search or persona questions would not.
 */
export const suggestUsernames = defineOperation({
  name: 'suggestUsernames',
  summary: 'Usernames you may ask about that start with some text',
  description: 'Usernames starting with value of users with public memories, and your own.',
  kind: 'read',
  input: z.strictObject({ value: prefix }),
  output: suggestions,
  handler: async ({ value }, { caller, services }) => ({
    values: await services.store.memories.suggestUsernames(actorOf(caller), value),
  }),
});
