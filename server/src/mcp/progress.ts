import type { AnyOperation } from '../operations/operation.js';
import type { OperationRunner } from '../operations/run-operation.js';
import type { ServerContext } from '@modelcontextprotocol/server';
import type { Caller } from '../resource-server/caller.js';

/** How often the follow-up operation is asked, and for how long at most. */
const POLL_MS = 500;
const MAX_FOLLOW_MS = 10 * 60_000;

/**
 * Follows the work a tool call started (its operation's `progress`) when the
 * client asked for progress by sending a progress token: sends
 * `notifications/progress` (MCP specification, basic/utilities/progress) each
 * time it moves, until it is done, the request is cancelled, or ten minutes
 * have passed. Without a token nothing waits: the result comes at once and the
 * client can follow the work with the follow-up tool itself.
 */
export async function followProgress(
  operation: AnyOperation,
  output: unknown,
  ctx: ServerContext,
  deps: { runner: OperationRunner; caller: Caller },
): Promise<void> {
  const token = ctx.mcpReq._meta?.progressToken;
  const follow = operation.progress;
  if (token === undefined || !follow) return;
  const input = follow.input(output);
  if (!input) return;
  const until = Date.now() + MAX_FOLLOW_MS;
  let last = -1;
  while (!ctx.mcpReq.signal.aborted && Date.now() < until) {
    const followed = await deps.runner.run(follow.operation, deps.caller, input);
    const { progress, total, done } = follow.measure(followed as never);
    if (progress !== last) {
      last = progress;
      await ctx.mcpReq.notify({
        method: 'notifications/progress',
        params: {
          progressToken: token,
          progress,
          total,
          message: done ? 'embedded' : `embedded ${progress} of ${total}`,
        },
      });
    }
    if (done) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
