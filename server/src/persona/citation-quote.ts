import { termsOf } from '../memories/keyword-terms.js';

/** Longest quote a citation carries; longer memories are quoted at their best sentence. */
const MAX_QUOTE = 280;

/**
 * The part of a memory that supports an answer to `question`: its sentence
 * sharing the most terms with the question (the first one on a tie), or the
 * whole memory when it is short.
 */
export function supportingQuote(text: string, question: string): string {
  if (text.length <= MAX_QUOTE) return text;
  const wanted = new Set(termsOf(question));
  const sentences = text.split(/(?<=[.!?])\s+/).filter(Boolean);
  let best = sentences[0] ?? text;
  let bestScore = -1;
  for (const sentence of sentences) {
    const score = termsOf(sentence).filter((term) => wanted.has(term)).length;
    if (score > bestScore) [best, bestScore] = [sentence, score];
  }
  return best.length <= MAX_QUOTE ? best : `${best.slice(0, MAX_QUOTE - 1)}…`;
}
