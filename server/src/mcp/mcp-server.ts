import { McpServer, type ServerContext } from '@modelcontextprotocol/server';
import type { Caller } from '../resource-server/caller.js';
import type { PersonaAnswerer } from '../persona/persona-answerer.js';
import { createSamplingAnswerer } from '../persona/sampling-answerer.js';
import type { Logger } from '../logger.js';
import type { OperationRunner } from '../operations/run-operation.js';
import { registerExportResources } from './export-resource.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { registerTools } from './tools.js';
import { SERVER_ICON } from './server-icon.js';

/** Which protocol era one request speaks (2025's `initialize` family, or 2026-07-28). */
export type ProtocolEra = 'legacy' | 'modern';

/** The persona answerer for one `query_user` call; undefined means the store's default. */
export type AnswererFor = (ctx: ServerContext) => PersonaAnswerer | undefined;

/** What every tool, resource and prompt handler of one request needs. */
export interface McpHandlerDeps {
  runner: OperationRunner;
  logger: Logger;
  /** Who acts: from the access token the router verified for this request. */
  caller: Caller;
  era: ProtocolEra;
  /** Where a person reads a memory (the web client's page), for citations. */
  memoryUrl: (memoryId: string) => string;
}

export const INSTRUCTIONS = `Picard keeps the signed-in user's memories: facts, preferences and notes.
Use submit_memory to remember something, query_memory to find memories by meaning,
retrieve_memories to list them, get_memory to read one, and query_user to ask how
another user would answer (from their public memories). Memories are private unless
made public with modify_permissions; deleting one and making one public ask the person
to confirm when the client can ask. search and fetch are the same memories in the shape
ChatGPT connectors and deep research expect.`;

/**
 * How long a client may keep list results (2026-07-28 `ttlMs`). Each list is
 * the caller's own view (their memories, their tags), so no shared cache may
 * keep it (`cacheScope: "private"`). Tools, prompts and templates change only
 * with a new server version; the resource list is the caller's memories.
 */
const CACHE_HINTS = {
  'server/discover': { ttlMs: 3_600_000, cacheScope: 'private' },
  'tools/list': { ttlMs: 3_600_000, cacheScope: 'private' },
  'prompts/list': { ttlMs: 3_600_000, cacheScope: 'private' },
  'resources/templates/list': { ttlMs: 3_600_000, cacheScope: 'private' },
  'resources/list': { ttlMs: 30_000, cacheScope: 'private' },
  'resources/read': { ttlMs: 0, cacheScope: 'private' },
} as const;

/**
 * One MCP server for one request (both eras are served per request): the
 * catalogue's tools, the memory resources and the persona prompt, all run
 * through the operation runner as `caller`.
 */
export function createMcpServer(deps: {
  runner: OperationRunner;
  logger: Logger;
  version: string;
  caller: Caller;
  era: ProtocolEra;
  memoryUrl: (memoryId: string) => string;
  /** True when the server has its own LLM for persona answers (it is then always used). */
  serverModel: boolean;
}): McpServer {
  const server = new McpServer(
    {
      name: 'picard',
      title: 'Picard memories',
      version: deps.version,
      icons: [SERVER_ICON],
    },
    {
      capabilities: { resources: {}, prompts: {}, completions: {} },
      instructions: INSTRUCTIONS,
      cacheHints: CACHE_HINTS,
    },
  );
  // The server's model first; then, for a 2025 client that offered sampling,
  // the client's own (sampling is deprecated in 2026-07-28 and not asked of
  // those clients); else the extractive answer.
  const answererFor: AnswererFor = (ctx) => {
    if (deps.serverModel || deps.era !== 'legacy') return undefined;
    if (!server.server.getClientCapabilities()?.sampling) return undefined;
    return createSamplingAnswerer(
      // On the POST stream of the tool call that asks (the SDK's default is
      // the standalone GET stream, which another instance may hold).
      (request) =>
        ctx.mcpReq.requestSampling(request, { timeout: 120_000, relatedRequestId: ctx.mcpReq.id }),
      (error) =>
        deps.logger.warn({ error: error.message }, 'sampling failed; answering extractively'),
    );
  };
  const handlerDeps: McpHandlerDeps = {
    runner: deps.runner,
    logger: deps.logger,
    caller: deps.caller,
    era: deps.era,
    memoryUrl: deps.memoryUrl,
  };
  registerTools(server, {
    ...handlerDeps,
    answererFor,
    // Both eras: the SDK fills this from the request's _meta on 2026-07-28.
    clientCapabilities: () => server.server.getClientCapabilities(),
  });
  registerResources(server, handlerDeps);
  registerPrompts(server, handlerDeps);
  registerExportResources(server, handlerDeps);
  return server;
}
