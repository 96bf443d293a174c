import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { presentHit, presentMemory, presentPersona } from '../api/presenters.js';
import type { AuditedMemories } from '../audit/audited-memories.js';
import type { Logger } from '../logger.js';
import { MAX_TAGS, MAX_TEXT_LENGTH, PERMISSIONS } from '../memories/memory-input.js';
import type { CallerOf, AnswererFor } from './mcp-server.js';
import { jsonResult, runTool } from './tool-results.js';

const memoryId = z.string().describe('The id of the memory (a UUID, as returned by other tools).');
const permission = z
  .enum(PERMISSIONS)
  .describe('"private" (only you) or "public" (anyone can read it and ask your persona).');
const tags = z
  .array(z.string())
  .max(MAX_TAGS)
  .describe(`Short labels for grouping and filtering, at most ${MAX_TAGS}.`);
const dateTime = (description: string) =>
  z.string().describe(`${description} ISO 8601 date-time, e.g. 2030-01-31T12:00:00Z.`);

/**
 * The memory tools, named as in the original Picard plan so existing prompts
 * keep working. Arguments are snake_case; every one is described for the model.
 */
export function registerTools(
  server: McpServer,
  deps: { memories: AuditedMemories; logger: Logger; callerOf: CallerOf; answererFor: AnswererFor },
): void {
  const { memories, logger, callerOf } = deps;

  server.registerTool(
    'submit_memory',
    {
      title: 'Store a memory',
      description:
        'Stores a new memory for the signed-in user: a fact, preference or note worth remembering. Private unless made public.',
      inputSchema: {
        text: z.string().describe(`The memory itself, 1–${MAX_TEXT_LENGTH} characters.`),
        permission: permission.optional().describe('Who may read it; "private" when omitted.'),
        tags: tags.optional(),
        expires_at: dateTime('When the memory should be forgotten; never when omitted.').optional(),
      },
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: false,
      },
    },
    (args, extra) =>
      runTool(logger, 'submit_memory', async () => {
        const memory = await memories.create(callerOf(extra), {
          text: args.text,
          permission: args.permission,
          tags: args.tags,
          expiresAt: args.expires_at,
        });
        return jsonResult(presentMemory(memory));
      }),
  );

  server.registerTool(
    'retrieve_memories',
    {
      title: 'List memories',
      description:
        "Lists the signed-in user's memories, newest first, a page at a time. Pass next_cursor from a previous call to get the next page.",
      inputSchema: {
        limit: z.number().int().min(1).max(100).optional().describe('Page size, 1–100 (20).'),
        cursor: z.string().optional().describe('next_cursor from the previous page.'),
        permission: permission.optional().describe('Only memories with this permission.'),
        tag: z.string().optional().describe('Only memories with this tag.'),
        created_after: dateTime('Only memories created at or after this time.').optional(),
        created_before: dateTime('Only memories created before this time.').optional(),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(logger, 'retrieve_memories', async () => {
        const page = await memories.list(callerOf(extra), {
          limit: args.limit,
          cursor: args.cursor,
          permission: args.permission,
          tag: args.tag,
          createdAfter: args.created_after,
          createdBefore: args.created_before,
        });
        return jsonResult({
          memories: page.items.map(presentMemory),
          next_cursor: page.nextCursor ?? null,
        });
      }),
  );

  server.registerTool(
    'get_memory',
    {
      title: 'Get a memory',
      description: "Reads one memory: one of the user's own, or another user's public memory.",
      inputSchema: { memory_id: memoryId },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(logger, 'get_memory', async () =>
        jsonResult(presentMemory(await memories.get(callerOf(extra), args.memory_id))),
      ),
  );

  server.registerTool(
    'query_memory',
    {
      title: 'Search memories',
      description:
        "Semantic search: finds the user's memories closest in meaning to the query, best first, each with a similarity score (-1 to 1). With username, searches that user's public memories instead.",
      inputSchema: {
        query: z.string().describe('What to look for, in natural language.'),
        limit: z
          .number()
          .int()
          .min(1)
          .max(100)
          .optional()
          .describe('At most this many, 1–100 (10).'),
        similarity_threshold: z
          .number()
          .min(-1)
          .max(1)
          .optional()
          .describe(
            'Only results at least this similar (-1 to 1); a model-specific default when omitted.',
          ),
        permission: permission.optional().describe('Only memories with this permission.'),
        tags: tags.optional().describe('Only memories carrying all of these tags.'),
        username: z
          .string()
          .optional()
          .describe("Search this user's public memories instead of your own."),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(logger, 'query_memory', async () => {
        const hits = await memories.search(callerOf(extra), {
          query: args.query,
          limit: args.limit,
          minSimilarity: args.similarity_threshold,
          permission: args.permission,
          tags: args.tags,
          username: args.username,
        });
        return jsonResult({ results: hits.map(presentHit) });
      }),
  );

  server.registerTool(
    'update_memory',
    {
      title: 'Edit a memory',
      description:
        "Changes the text, tags or expiry of one of the user's memories. The previous version is kept in its history.",
      inputSchema: {
        memory_id: memoryId,
        text: z.string().optional().describe('The new text; unchanged when omitted.'),
        tags: tags
          .optional()
          .describe('The new tags, replacing the old ones; unchanged when omitted.'),
        // The description goes outermost: JSON Schema puts a nullable in an anyOf.
        expires_at: z
          .string()
          .nullable()
          .optional()
          .describe(
            'The new expiry, an ISO 8601 date-time; null to never expire; unchanged when omitted.',
          ),
      },
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: false,
      },
    },
    (args, extra) =>
      runTool(logger, 'update_memory', async () => {
        const memory = await memories.update(callerOf(extra), args.memory_id, {
          text: args.text,
          tags: args.tags,
          expiresAt: args.expires_at,
        });
        return jsonResult(presentMemory(memory));
      }),
  );

  server.registerTool(
    'delete_memory',
    {
      title: 'Delete a memory',
      description: "Deletes one of the user's memories and its history, for good.",
      inputSchema: { memory_id: memoryId },
      annotations: {
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    (args, extra) =>
      runTool(logger, 'delete_memory', async () => {
        await memories.delete(callerOf(extra), args.memory_id);
        return jsonResult({ deleted: args.memory_id });
      }),
  );

  server.registerTool(
    'modify_permissions',
    {
      title: 'Change who can read a memory',
      description:
        "Makes one of the user's memories private or public. Public memories can be read and used by anyone's persona questions.",
      inputSchema: { memory_id: memoryId, permission },
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    (args, extra) =>
      runTool(logger, 'modify_permissions', async () => {
        const memory = await memories.setPermission(
          callerOf(extra),
          args.memory_id,
          args.permission,
        );
        return jsonResult(presentMemory(memory));
      }),
  );

  server.registerTool(
    'query_user',
    {
      title: 'Ask a user’s persona',
      description:
        "Answers a question as another user would, in the first person, from that user's public memories only (all of your own when asking about yourself), citing the memories used.",
      inputSchema: {
        username: z.string().describe('The username of the person to ask.'),
        question: z.string().describe('The question, as you would ask them.'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(logger, 'query_user', async () => {
        const result = await memories.askPersona(
          callerOf(extra),
          { username: args.username, question: args.question },
          deps.answererFor(extra),
        );
        return jsonResult(presentPersona(result));
      }),
  );
}
