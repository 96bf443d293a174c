import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { Contradiction, ContradictionFinder } from './contradiction-finder.js';

export interface OpenAIContradictionFinderOptions {
  apiKey: string;
  baseUrl?: string | undefined;
  model: string;
  /** The write waits at most this long for the model; then it suggests nothing. */
  timeoutMs: number;
  logger: Logger;
}

const SYSTEM = [
  "You compare a person's new memory with some of their stored memories.",
  'A stored memory is contradicted when both cannot be true now: the new one changes a fact,',
  'a preference, a plan, a place, a date or a number the stored one states.',
  'A stored memory about something else, or one the new memory only adds detail to, is not.',
  'Answer with a JSON object {"contradicted": [{"id": "<a stored memory id>", "reason": "<one short sentence>"}]};',
  'the list is empty when nothing is contradicted.',
].join(' ');

const reply = z.object({
  contradicted: z.array(z.object({ id: z.string(), reason: z.string() })),
});

/** Reasons are shown next to the memory: one sentence, not an essay. */
const MAX_REASON = 200;

/**
 * Contradiction suggestions from an OpenAI (or compatible) chat model,
 * asked for a JSON answer. Only ids that were offered count, so a model
 * that invents one (or text in a memory that tries to steer it) can at
 * most mark another of the writer's own candidates.
 */
export function createOpenAIContradictionFinder(
  options: OpenAIContradictionFinderOptions,
): ContradictionFinder {
  const chat = new ChatOpenAI({
    apiKey: options.apiKey,
    model: options.model,
    temperature: 0,
    // A retry would not fit in the write's wait.
    maxRetries: 0,
    ...(options.baseUrl ? { configuration: { baseURL: options.baseUrl } } : {}),
  });
  return {
    enabled: true,
    async find(text, candidates) {
      if (candidates.length === 0) return [];
      const stored = candidates.map((candidate) => `[${candidate.id}] ${candidate.text}`);
      try {
        const answer = await chat.invoke(
          [
            { role: 'system', content: SYSTEM },
            {
              role: 'user',
              content: `New memory:\n${text}\n\nStored memories:\n${stored.join('\n')}`,
            },
          ],
          {
            response_format: { type: 'json_object' },
            signal: AbortSignal.timeout(options.timeoutMs),
          },
        );
        const content = typeof answer.content === 'string' ? answer.content : answer.text;
        const parsed = reply.safeParse(JSON.parse(content));
        if (!parsed.success) throw new Error('the model answered in another shape');
        const found = new Map<string, Contradiction>();
        for (const { id, reason } of parsed.data.contradicted) {
          const candidate = candidates.find((offered) => offered.id === id);
          if (candidate && !found.has(id)) {
            found.set(id, { id, text: candidate.text, reason: reason.slice(0, MAX_REASON) });
          }
        }
        return [...found.values()];
      } catch (error) {
        // The message only: a reply could quote memory text.
        options.logger.warn(
          { error: error instanceof SyntaxError ? 'reply is not JSON' : (error as Error).message },
          'contradiction check failed; the write suggests none',
        );
        return [];
      }
    },
  };
}
