import type { AnswerMode, PersonaAnswerer } from './persona-answerer.js';
import type { ScoredMemory } from '../memories/memory.js';
import { parseInput } from '../memories/memory-input.js';
import type { MemorySearch } from '../memories/memory-search.js';
import { z } from 'zod';

export interface PersonaServiceDeps {
  search: MemorySearch;
  answerer: PersonaAnswerer;
  /** How many memories the answer may draw on. */
  maxMemories?: number;
}

export interface PersonaResult {
  username: string;
  answer: string;
  mode: AnswerMode;
  /** The memories the answer cites, best first. */
  citations: ScoredMemory[];
}

const personaInput = z.object({
  username: z.string({ error: 'username is required' }).trim().min(1, 'username is required'),
  question: z
    .string({ error: 'question is required' })
    .trim()
    .min(1, 'question must not be empty')
    .max(2_000, 'question must be at most 2000 characters'),
});

/** "Answer as this user": from their public memories, or all of one's own. */
export interface PersonaService {
  ask(
    actorId: string,
    input: { username: string; question: string },
    answerer?: PersonaAnswerer,
  ): Promise<PersonaResult>;
}

export function createPersonaService(deps: PersonaServiceDeps): PersonaService {
  const maxMemories = deps.maxMemories ?? 8;
  return {
    async ask(actorId, input, answerer = deps.answerer) {
      const { username, question } = parseInput(personaInput, input);
      // Usernames are stored lowercase. The search reports an unknown one as
      // "user not found" and applies the access rules: public memories of
      // others, all of one's own.
      const target = username.toLowerCase();
      const relevant = await deps.search.search(actorId, {
        query: question,
        username: target,
        limit: maxMemories,
      });
      if (relevant.length === 0) {
        return {
          username: target,
          answer: "I don't have any memories about that, so I can't say.",
          mode: answerer.mode,
          citations: [],
        };
      }
      const reply = await answerer.answer({
        username: target,
        question,
        memories: relevant.map(({ memory }) => ({
          id: memory.id,
          text: memory.text,
          createdAt: memory.createdAt,
        })),
      });
      const cited = new Set(reply.citedIds);
      return {
        username: target,
        answer: reply.answer,
        mode: reply.mode,
        citations: relevant.filter(({ memory }) => cited.has(memory.id)),
      };
    },
  };
}
