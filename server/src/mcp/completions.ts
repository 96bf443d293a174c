import { suggestTags, suggestUsernames } from '../operations/memory-operations.js';
import type { McpHandlerDeps } from './mcp-server.js';

/**
 * Completion of `username` and `tag` arguments (prompts and resource
 * templates): only names the caller may see, through the catalogue's
 * `suggestUsernames` and `suggestTags`. A value the operations refuse (too
 * long, unsafe text) simply completes to nothing.
 */
export function completers(deps: McpHandlerDeps) {
  const complete =
    (operation: typeof suggestTags | typeof suggestUsernames) =>
    async (value: string | undefined): Promise<string[]> => {
      try {
        return (await deps.runner.run(operation, deps.caller, { value: value ?? '' })).values;
      } catch {
        return [];
      }
    };
  return { completeUsername: complete(suggestUsernames), completeTag: complete(suggestTags) };
}
