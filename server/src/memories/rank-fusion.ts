/**
 * How the vector ranking and the keyword ranking become one. Two methods:
 *
 * - `rrf`, reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009):
 *   each ranking adds weight / (60 + rank) per item; needs no common scale
 *   but lets any shared word lift a memory as much as a close meaning does.
 * - `weighted`: the cosine similarity plus a bounded keyword bonus,
 *   `keyword × bm25 / (bm25 + saturation) × coverage^coveragePower`, so a rare exact term (high BM25)
 *   lifts a memory a lot and an incidental common word barely at all.
 *
 * `npm run bench` compares them on the hybrid retrieval fixture; the default
 * is the one that measured best there.
 */
export interface FusionWeights {
  method: 'rrf' | 'weighted';
  vector: number;
  keyword: number;
  /** BM25 at which the weighted keyword bonus is half its maximum. */
  saturation: number;
  /**
   * How much the share of the query's terms a memory holds scales its bonus
   * (0: not at all; 1: in proportion), so one incidental shared word of a
   * long question counts for less than a name that is the whole query.
   */
  coveragePower: number;
  /**
   * When the caller prefers recent memories: the bonus of the newest
   * candidate, halving with every `recencyHalfLifeDays` a memory is older.
   */
  recency: number;
  recencyHalfLifeDays: number;
}

export const DEFAULT_FUSION: FusionWeights = {
  method: 'weighted',
  vector: 1,
  keyword: 0.3,
  saturation: 3,
  coveragePower: 0,
  recency: 0.1,
  recencyHalfLifeDays: 30,
};

export const RRF_K = 60;

/** What fusion knows of each candidate. */
export interface FusionCandidate {
  id: string;
  /** Cosine similarity; null without a vector. */
  similarity: number | null;
  /** BM25 score; 0 when the keyword ranking did not return it. */
  bm25: number;
  /** Share of the query's distinct terms the memory holds, 0…1. */
  coverage: number;
  createdAt: Date;
}

export interface FusionOptions {
  /** Which rankings count (a single-mode search uses one). */
  useVector: boolean;
  useKeyword: boolean;
  preferRecent: boolean;
}

/** The fused relevance of every candidate, by id (higher is better). */
export function fuse(
  candidates: FusionCandidate[],
  weights: FusionWeights,
  options: FusionOptions,
): Map<string, number> {
  const fused = new Map<string, number>(candidates.map(({ id }) => [id, 0]));
  const add = (id: string, value: number) => fused.set(id, fused.get(id)! + value);
  const newest = options.preferRecent
    ? [...candidates].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    : [];

  if (weights.method === 'rrf') {
    const rrf = (ordered: FusionCandidate[], weight: number) =>
      ordered.forEach(({ id }, index) => add(id, weight / (RRF_K + index + 1)));
    if (options.useVector) {
      rrf(
        candidates
          .filter((c) => c.similarity !== null)
          .sort((a, b) => b.similarity! - a.similarity!),
        weights.vector,
      );
    }
    if (options.useKeyword) {
      rrf(
        candidates.filter((c) => c.bm25 > 0).sort((a, b) => b.bm25 - a.bm25),
        weights.keyword,
      );
    }
    rrf(newest, weights.recency);
    return fused;
  }

  for (const candidate of candidates) {
    if (options.useVector) add(candidate.id, weights.vector * (candidate.similarity ?? -1));
    if (options.useKeyword) {
      const bonus =
        (candidate.bm25 / (candidate.bm25 + weights.saturation)) *
        candidate.coverage ** weights.coveragePower;
      add(candidate.id, (options.useVector ? weights.keyword : 1) * bonus);
    }
  }
  const latest = newest[0]?.createdAt.getTime() ?? 0;
  const halfLife = weights.recencyHalfLifeDays * 86_400_000;
  for (const { id, createdAt } of newest) {
    add(id, weights.recency * 2 ** (-(latest - createdAt.getTime()) / halfLife));
  }
  return fused;
}
