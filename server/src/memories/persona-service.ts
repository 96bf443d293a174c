import { NotFoundError } from '../domain-errors.js';
import type { Database } from '../db/database.js';
import type { AnswerMode, PersonaAnswerer } from '../llm/persona-answerer.js';
import type { ScoredMemory } from './memory.js';
import { parseInput } from './memory-input.js';
import type { MemorySearch } from './memory-search.js';
import { z } from 'zod';

export interface PersonaServiceDeps {
  db: Database;
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
      const target = await deps.db.prisma.user.findUnique({
        where: { username: username.toLowerCase() },
      });
      if (!target) throw new NotFoundError('user');
      // The search applies the access rules: public memories of others, all of one's own.
      const relevant = await deps.search.search(actorId, {
        query: question,
        username: target.username,
        limit: maxMemories,
      });
      if (relevant.length === 0) {
        return {
          username: target.username,
          answer: "I don't have any memories about that, so I can't say.",
          mode: answerer.mode,
          citations: [],
        };
      }
      const reply = await answerer.answer({
        username: target.username,
        question,
        memories: relevant.map(({ memory }) => ({
          id: memory.id,
          text: memory.text,
          createdAt: memory.createdAt,
        })),
      });
      const cited = new Set(reply.citedIds);
      return {
        username: target.username,
        answer: reply.answer,
        mode: reply.mode,
        citations: relevant.filter(({ memory }) => cited.has(memory.id)),
      };
    },
  };
}
