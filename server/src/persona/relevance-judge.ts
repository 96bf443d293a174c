import type { ScoredMemory } from '../memories/memory.js';
import { cueEvidence, questionCues } from './answer-cues.js';

/**
 * Decides whether search results hold anything to answer a question from,
 * with more than one similarity cut-off: a memory counts when it is very
 * similar, or similar enough and sharing the question's words, or clearly
 * ahead of every other candidate (relative relevance: a direct question such
 * as "What is your job?" shares no word with "I work as a marine biologist"
 * and scores low in absolute terms, but far above anything else). The
 * thresholds were calibrated with `npm run bench` on the hybrid retrieval
 * fixture (answerable and unanswerable questions among distractors).
 *
 * Given the question, keyword evidence also counts answer cues
 * (`answer-cues.ts`): "What is your job?" is answered by "I work as…" though
 * the two share no word. Candidates that answer the kind of question asked
 * move up by `cueBonus` per share of the question so answered, and a best
 * candidate that covers every question term, literally or by its answer
 * cue, is evidence at the keyword similarity floor.
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
  /**
   * Added to a candidate's relevance for answering the whole question by its
   * answer cues (pro rata for part of it). Less than what one literal rare
   * term adds in the search's fusion (about 0.2 on the fixture), since a cue
   * is weaker evidence than the question's own word; on the fixture with
   * 1,000 distractors any value from 0.08 to 0.5 gives the same judgements,
   * and 0.15 sits inside that range with room on both sides.
   */
  cueBonus: number;
}

export const DEFAULT_THRESHOLDS: RelevanceThresholds = {
  strong: 0.5,
  withKeywords: 0.2,
  keywordShare: 0.5,
  aheadFloor: 0.2,
  aheadMargin: 0.12,
  runnerUpFloor: 0.1,
  companionWindow: 0.04,
  cueBonus: 0.15,
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

interface Candidate {
  hit: ScoredMemory;
  /** Every question term is in the memory, literally or as the kind of answer it asks for. */
  fullyCovered: boolean;
}

/**
 * The candidates best first once answer cues are counted. Without a question
 * (or with no cue in it) this is the search's own order.
 */
function rerank(
  hits: ScoredMemory[],
  question: string | undefined,
  thresholds: RelevanceThresholds,
): Candidate[] {
  const cues = question === undefined ? undefined : questionCues(question);
  const candidates = hits.map((hit, index) => {
    const evidence = cues && cueEvidence(cues, hit.memory.text);
    const cued = evidence && evidence.queryTerms > 0 ? evidence.cuedTerms / evidence.queryTerms : 0;
    return {
      hit,
      index,
      // The search's relevance plus the answer-cue bonus.
      rank: hit.relevance + thresholds.cueBonus * cued,
      fullyCovered:
        evidence !== undefined &&
        evidence.cuedTerms > 0 &&
        evidence.foundTerms === evidence.queryTerms,
    };
  });
  return candidates
    .sort((a, b) => b.rank - a.rank || a.index - b.index)
    .map(({ hit, fullyCovered }) => ({ hit, fullyCovered }));
}

/**
 * Judges the search's hits for `question` (the text they were searched
 * with); without it, only the search's own keyword evidence counts.
 */
export function judgeRelevance(
  hits: ScoredMemory[],
  thresholds: RelevanceThresholds = DEFAULT_THRESHOLDS,
  question?: string,
): Judgement {
  // The best (meaning, words and answer cues) against the closest runner-up by meaning.
  const [first, ...others] = rerank(hits, question, thresholds);
  if (!first) return { relevant: [], confidence: 0 };
  const best = first.hit;
  const rest = others.map((candidate) => candidate.hit);
  const top = similarity(best);
  const runnerUp = Math.max(thresholds.runnerUpFloor, ...rest.map(similarity));
  const margin = top - runnerUp;
  const share = first.fullyCovered ? 1 : keywordShare(best);
  const evidence =
    top >= thresholds.strong ||
    (top >= thresholds.withKeywords && share >= thresholds.keywordShare) ||
    (top >= thresholds.aheadFloor && margin >= thresholds.aheadMargin);
  if (!evidence) return { relevant: [], confidence: 0 };
  const relevant = [
    best,
    ...others
      .slice(0, 2)
      .filter(
        ({ hit, fullyCovered }) =>
          top - similarity(hit) <= thresholds.companionWindow &&
          (similarity(hit) >= thresholds.strong ||
            fullyCovered ||
            keywordShare(hit) >= thresholds.keywordShare),
      )
      .map((candidate) => candidate.hit),
  ];
  const confidence =
    0.5 * Math.min(1, Math.max(0, top) / 0.7) +
    0.25 * Math.min(1, share) +
    0.25 * Math.min(1, Math.max(0, margin) / 0.2);
  return { relevant, confidence: Math.round(confidence * 100) / 100 };
}
