import type { AnswerMode, PersonaAnswerer, PersonaMemory } from './persona-answerer.js';
import type { ScoredMemory } from '../memories/memory.js';
import { parseInput, personaInput, type PersonaInput } from '../memories/memory-input.js';
import type { MemorySearch } from '../memories/memory-search.js';
import type { ActorLike } from '../memories/visibility.js';
import { supportingQuote } from './citation-quote.js';
import { hasAnswerCue } from './answer-cues.js';
import { questionParts } from './question-parts.js';
import { DEFAULT_THRESHOLDS, judgeRelevance, type RelevanceThresholds } from './relevance-judge.js';

export interface PersonaServiceDeps {
  search: MemorySearch;
  answerer: PersonaAnswerer;
  /** Where a cited memory can be read, e.g. `${PUBLIC_URL}/api/v1/memories/${id}`. */
  memoryLink: (id: string) => string;
  /** How many candidates each part of a question is judged from. */
  maxMemories?: number;
  /**
   * How many when the part asks for a kind of answer its words may not
   * appear in ("What car do you drive?"): the answer can rank lower, below
   * memories that merely sound alike, and the judge's answer cues lift it.
   */
  cueMemories?: number;
  thresholds?: RelevanceThresholds;
}

/** A cited memory with the words of it that support the answer. */
export interface Citation extends ScoredMemory {
  quote: string;
}

export interface PersonaResult {
  username: string;
  answer: string;
  mode: AnswerMode;
  /** 0…1: how strongly the cited memories support the answer; 0 when it declines. */
  confidence: number;
  /** The memories the answer cites, best first. */
  citations: Citation[];
  /** Parts of the question no memory answers (all of it when declining). */
  unanswered: string[];
}

export const NO_MEMORIES_ANSWER = "I don't have any memories about that, so I can't say.";

/**
 * "Answer as this user": from their public memories and those they shared
 * with the asker, or all of one's own.
 */
export interface PersonaService {
  ask(actor: ActorLike, input: PersonaInput, answerer?: PersonaAnswerer): Promise<PersonaResult>;
  /**
   * The memories an answer would draw on, best first, for callers that write
   * the answer themselves (the MCP `persona` prompt): only those judged
   * relevant, so an unanswerable question hands over none.
   */
  retrieve(
    actor: ActorLike,
    input: PersonaInput,
  ): Promise<{ username: string; memories: ScoredMemory[] }>;
}

interface JudgedPart {
  question: string;
  relevant: ScoredMemory[];
  confidence: number;
}

export function createPersonaService(deps: PersonaServiceDeps): PersonaService {
  const maxMemories = deps.maxMemories ?? 8;
  const cueMemories = Math.max(maxMemories, deps.cueMemories ?? 24);
  const thresholds = deps.thresholds ?? DEFAULT_THRESHOLDS;

  /** Each part of the question with the memories judged relevant to it. */
  const judgeParts = async (actorId: ActorLike, input: PersonaInput) => {
    const { username, question } = parseInput(personaInput, input);
    // Usernames are stored lowercase. The search reports an unknown one as
    // "user not found" and applies the access rules (public memories and
    // those shared with the asker) of
    // others, all of one's own; superseded memories are left out.
    const target = username.toLowerCase();
    const parts: JudgedPart[] = [];
    for (const part of questionParts(question)) {
      const hits = await deps.search.search(actorId, {
        query: part,
        username: target,
        limit: hasAnswerCue(part) ? cueMemories : maxMemories,
      });
      parts.push({ question: part, ...judgeRelevance(hits, thresholds, part) });
    }
    return { target, question, parts };
  };

  const distinct = (parts: JudgedPart[]) => {
    const seen = new Map<string, ScoredMemory>();
    for (const part of parts) for (const hit of part.relevant) seen.set(hit.memory.id, hit);
    return [...seen.values()];
  };

  return {
    async retrieve(actorId, input) {
      const { target, parts } = await judgeParts(actorId, input);
      return { username: target, memories: distinct(parts) };
    },

    async ask(actorId, input, answerer = deps.answerer) {
      const { target, question, parts } = await judgeParts(actorId, input);
      const relevant = distinct(parts);
      if (relevant.length === 0) {
        return {
          username: target,
          answer: NO_MEMORIES_ANSWER,
          mode: answerer.mode,
          confidence: 0,
          citations: [],
          unanswered: parts.map((part) => part.question),
        };
      }
      const quoteOf = new Map<string, string>();
      const toPersonaMemory = (hit: ScoredMemory, part: string): PersonaMemory => {
        const quote = quoteOf.get(hit.memory.id) ?? supportingQuote(hit.memory.text, part);
        quoteOf.set(hit.memory.id, quote);
        return {
          id: hit.memory.id,
          text: hit.memory.text,
          createdAt: hit.memory.createdAt,
          quote,
          link: deps.memoryLink(hit.memory.id),
        };
      };
      const answeredParts = parts.map((part) => ({
        question: part.question,
        memories: part.relevant.map((hit) => toPersonaMemory(hit, part.question)),
      }));
      const reply = await answerer.answer({
        username: target,
        question,
        memories: relevant.map((hit) => toPersonaMemory(hit, question)),
        parts: answeredParts,
      });
      const cited = new Set(reply.citedIds);
      const answered = parts.filter((part) => part.relevant.length > 0);
      return {
        username: target,
        answer: reply.answer,
        mode: reply.mode,
        // Declined parts lower the confidence of the whole answer.
        confidence:
          Math.round(
            (answered.reduce((sum, part) => sum + part.confidence, 0) / parts.length) * 100,
          ) / 100,
        citations: relevant
          .filter(({ memory }) => cited.has(memory.id))
          .map((hit) => ({ ...hit, quote: quoteOf.get(hit.memory.id)! })),
        unanswered: parts.filter((part) => part.relevant.length === 0).map((p) => p.question),
      };
    },
  };
}
