import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { AuditedMemories } from '../audit/audited-memories.js';
import { buildPersonaPrompt } from '../persona/persona-prompt.js';
import type { CallerOf } from './mcp-server.js';

/**
 * `persona`: a ready-made prompt for the client's own model to answer as a
 * user, holding the memories relevant to the question that the caller may
 * read (that user's public ones, or all of one's own).
 */
export function registerPrompts(
  server: McpServer,
  deps: { memories: AuditedMemories; callerOf: CallerOf },
): void {
  server.registerPrompt(
    'persona',
    {
      title: 'Answer as a user',
      description:
        "Answer a question in a user's voice from their public memories (all of your own for yourself).",
      argsSchema: {
        username: z.string().describe('Whose persona to take on.'),
        question: z.string().describe('The question to answer as them.'),
      },
    },
    async ({ username, question }, extra) => {
      const hits = await deps.memories.search(deps.callerOf(extra), {
        query: question,
        username,
        limit: 8,
      });
      const text =
        hits.length === 0
          ? `${username} has no memories about this that you may read. Say that you do not know.\n\nQuestion: ${question}`
          : (({ system, user }) => `${system}\n\n${user}`)(
              buildPersonaPrompt({
                username: username.toLowerCase(),
                question,
                memories: hits.map(({ memory }) => ({
                  id: memory.id,
                  text: memory.text,
                  createdAt: memory.createdAt,
                })),
              }),
            );
      return {
        description: `Answer as ${username.toLowerCase()}`,
        messages: [{ role: 'user', content: { type: 'text', text } }],
      };
    },
  );
}
