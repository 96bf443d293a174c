import { completable, type McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { buildPersonaPrompt } from '../persona/persona-prompt.js';
import { personaContext } from '../operations/memory-operations.js';
import { completers } from './completions.js';
import type { McpHandlerDeps } from './mcp-server.js';
import { answering } from './answering.js';

/**
 * `persona`: a ready-made prompt for the client's own model to answer as a
 * user, holding the memories the persona service would answer from (that
 * user's public ones, or all of one's own). Audited as a persona query.
 */
export function registerPrompts(server: McpServer, deps: McpHandlerDeps): void {
  const { completeUsername } = completers(deps);
  server.registerPrompt(
    'persona',
    {
      title: 'Answer as a user',
      description:
        "Answer a question in a user's voice from their public memories (all of your own for yourself).",
      argsSchema: z.object({
        username: completable(z.string().describe('Whose persona to take on.'), completeUsername),
        question: z.string().describe('The question to answer as them.'),
      }),
    },
    async (args) => {
      const { username, results } = await answering(deps.logger, () =>
        deps.runner.run(personaContext, deps.caller, args),
      );
      const text =
        results.length === 0
          ? `${username} has no memories about this that you may read. Say that you do not know.\n\nQuestion: ${args.question}`
          : (({ system, user }) => `${system}\n\n${user}`)(
              buildPersonaPrompt({
                username,
                question: args.question,
                memories: results.map(({ memory }) => ({
                  id: memory.id,
                  text: memory.text,
                  createdAt: new Date(memory.createdAt),
                })),
              }),
            );
      return {
        description: `Answer as ${username}`,
        messages: [{ role: 'user', content: { type: 'text', text } }],
      };
    },
  );
}
