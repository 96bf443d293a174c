import type { PersonaAnswerer, PersonaMemory, QuestionPart } from './persona-answerer.js';

/** What the persona says about a part it has no memories for. */
export const declineFor = (part: string) =>
  `I don't have any memories about ${JSON.stringify(part.replace(/[?.!\s]+$/, ''))}.`;

/**
 * The answerer with no language model: prose in the first person made of the
 * relevant memories' own words, each followed by a numbered link to the
 * memory it quotes, and a plain "I don't have any memories about …" for each
 * part of the question without evidence. Honest by construction: it never
 * says more than the memories do.
 */
export function createExtractiveAnswerer({ maxMemoriesPerPart = 2 } = {}): PersonaAnswerer {
  return {
    mode: 'extractive',
    async answer({ parts }) {
      const numbers = new Map<string, number>();
      const cite = (memory: PersonaMemory) => {
        if (!numbers.has(memory.id)) numbers.set(memory.id, numbers.size + 1);
        return `[${numbers.get(memory.id)}](${memory.link})`;
      };
      const sentences = parts.map((part: QuestionPart) => {
        if (part.memories.length === 0) return declineFor(part.question);
        return part.memories
          .slice(0, maxMemoriesPerPart)
          .map((memory) => `${asSentence(memory.quote)} ${cite(memory)}`)
          .join(' ');
      });
      return {
        answer: sentences.join(' '),
        citedIds: [...numbers.keys()],
        mode: 'extractive',
      };
    },
  };
}

/** A quote as a sentence: trimmed, ending with punctuation. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…)"”']$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
