import { stemmer } from 'stemmer';

/**
 * The terms the keyword index knows a text by: NFKC-normalised, case-folded
 * words and numbers, English stop words dropped, words reduced to their
 * Porter stem (so "meets", "meeting" and "met" are not all one, but "meets"
 * and "meeting" are). The same function reads memories and queries, so both
 * sides agree on every term.
 */

/** Words too common to tell memories apart (function words, auxiliaries, pronouns). */
const STOP_WORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being ' +
    'below between both but by can could did do does doing down during each few for from further ' +
    'had has have having he her here hers herself him himself his how i if in into is it its itself ' +
    'just me more most my myself no nor not now of off on once only or other our ours ourselves ' +
    'out over own same she should so some such than that the their theirs them themselves then ' +
    'there these they this those through to too under until up very was we were what when where ' +
    'which while who whom why will with would you your yours yourself yourselves us also ever ' +
    'let like get got im ive id dont doesnt didnt isnt arent wasnt s t d ll m o re ve y'
  ).split(/\s+/),
);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const LATIN_WORD = /^[a-z]+$/;

/** The indexed form of one word, or undefined for a stop word. */
function termOf(word: string): string | undefined {
  // "maria's" → "maria"; "don't" → "dont" (then a stop word).
  const bare = word.replace(/['’]s$/, '').replace(/['’]/g, '');
  if (STOP_WORDS.has(bare)) return undefined;
  if (bare.length < 2 && !/\p{N}/u.test(bare)) return undefined;
  return LATIN_WORD.test(bare) ? stemmer(bare) : bare;
}

/** A text's terms, in order, repeats included. */
export function termsOf(text: string): string[] {
  const words = text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
  const terms: string[] = [];
  for (const word of words) {
    const term = termOf(word);
    if (term) terms.push(term);
  }
  return terms;
}

/** Each distinct term with how often it occurs, and the text's length in terms. */
export function termFrequencies(text: string): { counts: Map<string, number>; length: number } {
  const terms = termsOf(text);
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return { counts, length: terms.length };
}
