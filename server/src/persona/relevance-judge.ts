import type { ScoredMemory } from '../memories/memory.js';

/**
 * Decides whether search results hold anything to answer a question from,
 * with more than one similarity cut-off: a memory counts when it is very
 * similar, or similar enough and sharing the question's words, or clearly
 * ahead of every other candidate (relative relevance: a direct question such
 * as "What is your job?" shares no word with "I work as a marine biologist"
 * and scores low in absolute terms, but far above anything else). The
 * thresholds were calibrated with `npm run bench` on the hybrid retrieval
 * fixture (answerable and unanswerable questions among distractors).
 */
export interface RelevanceThresholds {
  /** Similarity that is evidence on its own. */
  strong: number;
  /** Similarity that is evidence when the memory also holds some of the question's words. */
  withKeywords: number;
  /** Share of the question's terms that counts as keyword evidence. */
  keywordShare: number;
  /** Similarity that is evidence when this far ahead of the next candidate… */
  aheadFloor: number;
  /** …by at least this margin. */
  aheadMargin: number;
  /**
   * The runner-up's similarity counts as at least this (what unrelated texts
   * score), so a person with one or two memories is not "far ahead" of nothing.
   */
  runnerUpFloor: number;
  /** Further memories are cited when within this much similarity of the best. */
  companionWindow: number;
}

export const DEFAULT_THRESHOLDS: RelevanceThresholds = {
  strong: 0.5,
  withKeywords: 0.2,
  keywordShare: 0.5,
  aheadFloor: 0.2,
  aheadMargin: 0.12,
  runnerUpFloor: 0.1,
  companionWindow: 0.04,
};

export interface Judgement {
  /** The memories to answer from, best first; empty when there is nothing to answer from. */
  relevant: ScoredMemory[];
  /** 0…1: how strongly the evidence supports an answer (0 when declining). */
  confidence: number;
}

const similarity = (hit: ScoredMemory) => hit.score ?? -1;
const keywordShare = (hit: ScoredMemory) =>
  hit.keyword.queryTerms === 0 ? 0 : hit.keyword.matchedTerms / hit.keyword.queryTerms;

export function judgeRelevance(
  hits: ScoredMemory[],
  thresholds: RelevanceThresholds = DEFAULT_THRESHOLDS,
): Judgement {
  // The search's best (meaning and words fused) against the closest runner-up by meaning.
  const [best, ...rest] = hits;
  if (!best) return { relevant: [], confidence: 0 };
  const top = similarity(best);
  const runnerUp = Math.max(thresholds.runnerUpFloor, ...rest.map(similarity));
  const margin = top - runnerUp;
  const evidence =
    top >= thresholds.strong ||
    (top >= thresholds.withKeywords && keywordShare(best) >= thresholds.keywordShare) ||
    (top >= thresholds.aheadFloor && margin >= thresholds.aheadMargin);
  if (!evidence) return { relevant: [], confidence: 0 };
  const relevant = [
    best,
    ...rest
      .slice(0, 2)
      .filter(
        (hit) =>
          top - similarity(hit) <= thresholds.companionWindow &&
          (similarity(hit) >= thresholds.strong || keywordShare(hit) >= thresholds.keywordShare),
      ),
  ];
  const confidence =
    0.5 * Math.min(1, Math.max(0, top) / 0.7) +
    0.25 * Math.min(1, keywordShare(best)) +
    0.25 * Math.min(1, Math.max(0, margin) / 0.2);
  return { relevant, confidence: Math.round(confidence * 100) / 100 };
}
