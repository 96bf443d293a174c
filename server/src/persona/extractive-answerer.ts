import type { PersonaAnswerer } from './persona-answerer.js';

/**
 * The answerer with no language model: the most relevant memories, verbatim.
 * Honest by construction; it never says more than the memories do.
 */
export function createExtractiveAnswerer({ maxMemories = 3 } = {}): PersonaAnswerer {
  return {
    mode: 'extractive',
    async answer({ memories }) {
      const used = memories.slice(0, maxMemories);
      const lines = used.map((memory) => `- ${memory.text} [${memory.id}]`);
      return {
        answer: `Here is what I have written down that seems related:\n${lines.join('\n')}`,
        citedIds: used.map((memory) => memory.id),
        mode: 'extractive',
      };
    },
  };
}
