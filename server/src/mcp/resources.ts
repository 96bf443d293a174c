import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceTemplate,
  type McpServer,
} from '@modelcontextprotocol/server';
import { getMemory, listMemories } from '../operations/memory-operations.js';
import { answering } from './answering.js';
import { completers } from './completions.js';
import type { McpHandlerDeps } from './mcp-server.js';
import { snakeKeys } from './snake-case.js';

const asJson = (uri: string, data: unknown) => ({
  contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(snakeKeys(data), null, 2) }],
});

/** A URI's percent-encoded part, decoded; a malformed one is the caller's error (RFC 3986 §2.1). */
function decoded(value: unknown): string {
  try {
    return decodeURIComponent(String(value));
  } catch {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      'The resource URI is not valid percent-encoded UTF-8',
    );
  }
}

/**
 * `memories://{id}`: a memory the caller may read; `users://{username}/memories`:
 * that user's public memories, or all of one's own; `tags://{tag}/memories`:
 * one's own memories with a tag (usernames and tags complete). All are catalogue
 * operations (`getMemory`, `listMemories`), checked and audited as the tools are.
 */
export function registerResources(server: McpServer, deps: McpHandlerDeps): void {
  const { runner, caller, logger } = deps;
  const reading = <T>(uri: string, read: () => Promise<T>) => answering(logger, read, uri);
  const { completeUsername, completeTag } = completers(deps);

  server.registerResource(
    'memory',
    new ResourceTemplate('memories://{id}', {
      // Lists the caller's 50 newest memories so clients that browse resources see some.
      list: async () => {
        const page = await answering(logger, () => runner.run(listMemories, caller, { limit: 50 }));
        return {
          resources: page.items.map((memory) => ({
            uri: `memories://${memory.id}`,
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
    (uri, variables) =>
      reading(uri.href, async () =>
        asJson(uri.href, await runner.run(getMemory, caller, { memoryId: String(variables.id) })),
      ),
  );

  server.registerResource(
    'user-memories',
    new ResourceTemplate('users://{username}/memories', {
      list: undefined,
      complete: { username: completeUsername },
    }),
    {
      title: 'A user’s memories',
      description:
        'The newest 100 public memories of a user; all of your own when it is your username.',
      mimeType: 'application/json',
    },
    (uri, variables) =>
      reading(uri.href, async () => {
        const page = await runner.run(listMemories, caller, {
          username: decoded(variables.username),
          limit: 100,
        });
        return asJson(uri.href, { items: page.items });
      }),
  );

  server.registerResource(
    'tagged-memories',
    new ResourceTemplate('tags://{tag}/memories', {
      list: undefined,
      complete: { tag: completeTag },
    }),
    {
      title: 'Your memories with a tag',
      description: 'The newest 100 of your memories carrying this tag.',
      mimeType: 'application/json',
    },
    (uri, variables) =>
      reading(uri.href, async () => {
        const page = await runner.run(listMemories, caller, {
          tag: decoded(variables.tag),
          limit: 100,
        });
        return asJson(uri.href, { items: page.items });
      }),
  );
}
