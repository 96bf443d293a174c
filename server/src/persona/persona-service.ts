import type { AnswerMode, PersonaAnswerer } from './persona-answerer.js';
import type { ScoredMemory } from '../memories/memory.js';
import { parseInput, personaInput, type PersonaInput } from '../memories/memory-input.js';
import type { MemorySearch } from '../memories/memory-search.js';
import type { ActorLike } from '../memories/visibility.js';

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

/**
 * "Answer as this user": from their public memories and those they shared
 * with the asker, or all of one's own.
 */
export interface PersonaService {
  ask(actor: ActorLike, input: PersonaInput, answerer?: PersonaAnswerer): Promise<PersonaResult>;
  /**
   * The memories an answer would draw on, best first, for callers that write
   * the answer themselves (the MCP `persona` prompt).
   */
  retrieve(
    actor: ActorLike,
    input: PersonaInput,
  ): Promise<{ username: string; memories: ScoredMemory[] }>;
}

export function createPersonaService(deps: PersonaServiceDeps): PersonaService {
  const maxMemories = deps.maxMemories ?? 8;
  const retrieve: PersonaService['retrieve'] = async (actorId, input) => {
    const { username, question } = parseInput(personaInput, input);
    // Usernames are stored lowercase. The search reports an unknown one as
    // "user not found" and applies the access rules: public memories of
    // others and what they shared with the asker, all of one's own.
    const target = username.toLowerCase();
    const memories = await deps.search.search(actorId, {
      query: question,
      username: target,
      limit: maxMemories,
    });
    return { username: target, memories };
  };

  return {
    retrieve,

    async ask(actorId, input, answerer = deps.answerer) {
      const { question } = parseInput(personaInput, input);
      const { username: target, memories: relevant } = await retrieve(actorId, input);
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
