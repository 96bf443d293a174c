import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  CreateMessageResultSchema,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { Caller } from '../resource-server/caller.js';
import type { PersonaAnswerer } from '../persona/persona-answerer.js';
import { createSamplingAnswerer } from '../persona/sampling-answerer.js';
import type { Logger } from '../logger.js';
import type { OperationRunner } from '../operations/run-operation.js';
import { registerExportResources } from './export-resource.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { registerTools } from './tools.js';

export type RequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;
/** The caller of one request, from the access token the router verified. */
export type CallerOf = (extra: RequestExtra) => Caller;
/** The persona answerer for one `query_user` call; undefined means the store's default. */
export type AnswererFor = (extra: RequestExtra) => PersonaAnswerer | undefined;

const INSTRUCTIONS = `Picard keeps the signed-in user's memories: facts, preferences and notes.
Use submit_memory to remember something, query_memory to find memories by meaning,
retrieve_memories to list them, and query_user to ask how another user would answer
(from their public memories). Memories are private unless made public.`;

/**
 * One MCP server (one per session): the catalogue's tools, the memory
 * resources and the persona prompt, all run through the operation runner. It holds no user: each
 * request's caller comes from that request's verified token.
 */
export function createMcpServer(deps: {
  runner: OperationRunner;
  logger: Logger;
  version: string;
  /** True when the server has its own LLM for persona answers (it is then always used). */
  serverModel: boolean;
}): McpServer {
  const server = new McpServer(
    { name: 'picard', title: 'Picard memories', version: deps.version },
    { capabilities: { tools: {}, resources: {}, prompts: {} }, instructions: INSTRUCTIONS },
  );
  const callerOf: CallerOf = (extra) => {
    const caller = extra.authInfo?.extra?.caller as Caller | undefined;
    // The router authenticates every request before the transport sees it.
    if (!caller) throw new Error('MCP request without a verified caller');
    return caller;
  };
  // The server's model first; then the client's own, if it offered sampling; else extractive.
  const answererFor: AnswererFor = (extra) => {
    if (deps.serverModel) return undefined;
    if (!server.server.getClientCapabilities()?.sampling) return undefined;
    return createSamplingAnswerer(
      (request) =>
        extra.sendRequest(
          { method: 'sampling/createMessage', params: request },
          CreateMessageResultSchema,
          {
            timeout: 120_000,
          },
        ),
      (error) =>
        deps.logger.warn({ error: error.message }, 'sampling failed; answering extractively'),
    );
  };
  const { runner } = deps;
  registerTools(server, { runner, logger: deps.logger, callerOf, answererFor });
  registerResources(server, { runner, callerOf, logger: deps.logger });
  registerPrompts(server, { runner, callerOf, logger: deps.logger });
  registerExportResources(server, { runner, callerOf, logger: deps.logger });
  return server;
}
