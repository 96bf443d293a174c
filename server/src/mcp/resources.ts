import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { presentMemory } from '../api/presenters.js';
import type { AuditedMemories } from '../audit/audited-memories.js';
import { DomainError } from '../domain-errors.js';
import type { Memory } from '../memories/memory.js';
import type { CallerOf } from './mcp-server.js';

/** MCP's "resource not found" error code (server/resources, Error Handling). */
const RESOURCE_NOT_FOUND = -32002;

const asJson = (uri: string, data: unknown) => ({
  contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(data, null, 2) }],
});

const memoryUri = (memory: Memory) => `memories://${memory.id}`;

/** Domain refusals as JSON-RPC errors; a memory one may not read is simply not found. */
async function reading<T>(uri: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) {
      throw new McpError(RESOURCE_NOT_FOUND, `Resource ${uri} not found`, { uri });
    }
    if (error instanceof DomainError) throw new McpError(ErrorCode.InvalidParams, error.message);
    throw error;
  }
}

/**
 * `memories://{id}`: a memory the caller may read; `users://{username}/memories`:
 * that user's public memories, or all of one's own.
 */
export function registerResources(
  server: McpServer,
  deps: { memories: AuditedMemories; callerOf: CallerOf },
): void {
  const { memories, callerOf } = deps;

  server.registerResource(
    'memory',
    new ResourceTemplate('memories://{id}', {
      // Lists the caller's 50 newest memories so clients that browse resources see some.
      list: async (extra) => {
        const page = await memories.list(callerOf(extra), { limit: 50 });
        return {
          resources: page.items.map((memory) => ({
            uri: memoryUri(memory),
            name: memory.text.length > 60 ? `${memory.text.slice(0, 57)}…` : memory.text,
            mimeType: 'application/json',
          })),
        };
      },
    }),
    {
      title: 'Memory',
      description: 'One memory: your own, or another user’s public memory.',
      mimeType: 'application/json',
    },
    (uri, variables, extra) =>
      reading(uri.href, async () =>
        asJson(uri.href, presentMemory(await memories.get(callerOf(extra), String(variables.id)))),
      ),
  );

  server.registerResource(
    'user-memories',
    new ResourceTemplate('users://{username}/memories', { list: undefined }),
    {
      title: 'A user’s memories',
      description:
        'The newest 100 public memories of a user; all of your own when it is your username.',
      mimeType: 'application/json',
    },
    (uri, variables, extra) =>
      reading(uri.href, async () => {
        const page = await memories.list(callerOf(extra), {
          username: decodeURIComponent(String(variables.username)),
          limit: 100,
        });
        return asJson(uri.href, { memories: page.items.map(presentMemory) });
      }),
  );
}
