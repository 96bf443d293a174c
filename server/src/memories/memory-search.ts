import type { Database } from '../db/database.js';
import type { Embedder } from '../embeddings/embedder.js';
import {
  createQueryEmbeddingCache,
  type QueryEmbeddingCache,
} from '../embeddings/query-embedding-cache.js';
import type { KeywordHasher, SharePrincipal } from './keyword-hasher.js';
import type { MatchStrength, ScoredMemory } from './memory.js';
import { parseInput, searchMemoriesInput, type SearchMemoriesInput } from './memory-input.js';
import type { MemoryService } from './memory-service.js';
import {
  servesFromPostings,
  type MemoryRepository,
  type MemoryRowFields,
  type SearchFilter,
} from './memory-repository.js';
import { DEFAULT_FUSION, fuse, type FusionWeights } from './rank-fusion.js';
import { vectorExpression } from './vector-index.js';
import { vectorNearest } from './vector-nearest.js';
import { resolveOwnerScope, toActor, type Actor, type ActorLike } from './visibility.js';

export type { FusionWeights };

export interface MemorySearchDeps {
  /** For the owner lookups of the visibility rules. */
  db: Database;
  repository: MemoryRepository;
  embedder: Embedder;
  keywords: KeywordHasher;
  memories: Pick<MemoryService, 'toMemories'>;
  now?: () => Date;
  /**
   * Scopes with at most this many candidate vectors are scanned exactly; larger
   * ones use the HNSW index with iterative scans. Chosen with `npm run bench`.
   */
  exactScanMax?: number;
  /**
   * A query word found in more of the searcher's own memories than this is
   * scored only in the strongest this many (the keyword ranking's
   * counterpart of an approximate vector index; how many a word is in still
   * counts in full). Chosen with `npm run bench`, which reports the ranking's
   * recall against no cap.
   */
  keywordTermCap?: number;
  /** Query vectors of recent searches; a fresh bounded cache when absent. */
  queryCache?: QueryEmbeddingCache;
  fusion?: FusionWeights;
}

/** Hybrid (meaning + exact words) search over one user's memories. */
export interface MemorySearch {
  /**
   * Searches the actor's own memories (scope `own`, the default), those
   * shared with the actor (`shared`) or both (`all`); with `username`, that
   * user's memories the actor may read. Results are best first, at most
   * `limit`; with `minSimilarity`, only those at least that similar;
   * otherwise weak ones are kept and marked.
   */
  search(actor: ActorLike, input: SearchMemoriesInput): Promise<ScoredMemory[]>;
}

interface Candidate {
  row: MemoryRowFields;
  similarity: number | null;
  matchedTerms: number;
  bm25: number;
}

/** Memories compared per ranking before fusion: enough that fusion can reorder the top. */
const poolSize = (limit: number) => Math.min(100, Math.max(30, limit * 3));

/**
 * Whose keys hash a keyword query over `filter`: the owners of the memories
 * it covers by their own index, and for shared memories served from the
 * shares' postings, the reader and each of their groups.
 */
async function keywordKeysFor(
  repository: MemoryRepository,
  actor: Actor,
  filter: SearchFilter,
): Promise<{ owners: string[]; principals?: SharePrincipal[] }> {
  const { scope } = filter;
  if (scope.kind === 'owner') return { owners: [scope.ownerId] };
  const own = scope.kind === 'all' ? [actor.userId] : [];
  if (!servesFromPostings(filter)) {
    return { owners: [...own, ...(await repository.sharingOwners(actor))] };
  }
  const groups = await repository.groupIdsOf(actor.userId);
  return {
    owners: own,
    principals: [{ userId: actor.userId }, ...groups.map((groupId) => ({ groupId }))],
  };
}

export function createMemorySearch(deps: MemorySearchDeps): MemorySearch {
  const { db, repository, embedder, keywords, memories } = deps;
  const now = deps.now ?? (() => new Date());
  const exactScanMax = deps.exactScanMax ?? 2_000;
  const termCap = deps.keywordTermCap ?? 500;
  const cache = deps.queryCache ?? createQueryEmbeddingCache(embedder);
  const weights = deps.fusion ?? DEFAULT_FUSION;
  // The typed expression needs the dimensions, known once the provider has
  // answered (it may have been down at start-up): made on first use.
  let expression: ReturnType<typeof vectorExpression> | undefined;
  const vectorOf = () => (expression ??= vectorExpression(embedder.model, embedder.dimensions));

  return {
    async search(actorLike, input) {
      const actor = toActor(actorLike);
      const query = parseInput(searchMemoriesInput, input);
      const scope = await resolveOwnerScope(
        db,
        actor,
        query.username,
        query.permission,
        query.scope,
      );
      const filter: SearchFilter = {
        reader: actor,
        scope,
        now: now(),
        tags: query.tags,
        includeSuperseded: query.includeSuperseded,
      };
      const pool = query.mode === 'hybrid' ? poolSize(query.limit) : query.limit;
      // The vector ranking's pool can be the limit itself under the weighted
      // fusion without a recency bonus: a memory beyond the `limit` most
      // similar that the keyword ranking did not return scores its similarity
      // alone, below each of those `limit`, so it could never be shown; one
      // the keyword ranking returned comes with its similarity from there.
      // Rank fusion and the recency bonus move ranks, and keep the pool.
      const vectorPool =
        weights.method === 'weighted' && query.prefer !== 'recent' ? query.limit : pool;
      // Without a vector (the provider is down) keyword search still
      // answers; only an explicit vector search fails.
      const embedded = cache.embed(query.query).catch((error: unknown) => {
        if (query.mode === 'vector') throw error;
        return undefined;
      });
      // The two rankings are independent queries: on PostgreSQL they run on
      // two pool connections at once (PGlite runs them in turn). The vector
      // ranking starts once the query is embedded; the keyword ranking also
      // needs whose keys hash the query, looked up while the query embeds:
      // for a shared search, the reader's groups (the shares' postings are
      // keyed by reader and group) or, under a tag filter, the people
      // sharing with the reader (the memories' own keyword entries).
      const near =
        query.mode === 'keyword'
          ? Promise.resolve([])
          : embedded.then((vector) =>
              vector
                ? vectorNearest(
                    repository,
                    vectorOf(),
                    { ...filter, vector, limit: vectorPool },
                    exactScanMax,
                  )
                : [],
            );
      // The number of distinct terms, the same under every owner's key.
      const queryTerms = keywords.queryFor([], query.query).terms;
      const hits =
        query.mode === 'vector'
          ? Promise.resolve([])
          : Promise.all([keywordKeysFor(repository, actor, filter), embedded]).then(
              ([{ owners, principals }, vector]) =>
                repository.keywordNearest(vector ? vectorOf() : undefined, {
                  ...filter,
                  owners: keywords.queryFor(owners, query.query).owners,
                  principals: principals && keywords.queryForShares(principals, query.query),
                  vector,
                  limit: pool,
                  termCap,
                }),
            );
      const [nearRows, hitRows] = await Promise.all([near, hits]);
      const candidates = new Map<string, Candidate>();
      for (const { row, distance } of nearRows) {
        candidates.set(row.id, { row, similarity: 1 - distance, matchedTerms: 0, bm25: 0 });
      }
      for (const hit of hitRows) {
        candidates.set(hit.row.id, {
          row: hit.row,
          similarity: hit.distance === null ? null : 1 - hit.distance,
          matchedTerms: hit.matchedTerms,
          bm25: hit.bm25,
        });
      }
      // Keyword hits outside the vector pool carry their similarity too (the
      // keyword query computes it), so both signals cover every candidate.
      const all = [...candidates.values()];
      const fused = fuse(
        all.map(({ row, similarity, bm25, matchedTerms }) => ({
          id: row.id,
          similarity,
          bm25,
          coverage: queryTerms === 0 ? 0 : matchedTerms / queryTerms,
          createdAt: row.createdAt,
        })),
        weights,
        {
          useVector: query.mode !== 'keyword',
          useKeyword: query.mode !== 'vector',
          preferRecent: query.prefer === 'recent',
        },
      );
      const weakBelow = embedder.defaultMinSimilarity;
      const ranked = all
        .filter(
          ({ similarity }) =>
            query.minSimilarity === undefined ||
            (similarity !== null && similarity >= query.minSimilarity),
        )
        .map((candidate) => ({ ...candidate, relevance: fused.get(candidate.row.id) ?? 0 }))
        .sort(
          (a, b) =>
            b.relevance - a.relevance ||
            (b.similarity ?? -2) - (a.similarity ?? -2) ||
            (a.row.id < b.row.id ? -1 : 1),
        )
        .slice(0, query.limit);
      const shown = await memories.toMemories(
        actor,
        ranked.map(({ row }) => row),
      );
      const usernames = await repository.usernamesOf([
        ...new Set(ranked.map(({ row }) => row.userId)),
      ]);
      return ranked.map((candidate, index) => ({
        memory: shown[index]!,
        score: candidate.similarity,
        relevance: candidate.relevance,
        keyword: { matchedTerms: candidate.matchedTerms, queryTerms },
        match: strength(candidate, queryTerms, weakBelow),
        ownerUsername: usernames.get(candidate.row.userId) ?? '',
      }));
    },
  };
}

/**
 * Strong: as similar as the model's noise floor, or holding at least half
 * of the query's terms. Anything else is still a ranked result, marked weak.
 */
function strength(candidate: Candidate, queryTerms: number, weakBelow: number): MatchStrength {
  if (candidate.similarity !== null && candidate.similarity >= weakBelow) return 'strong';
  if (queryTerms > 0 && candidate.matchedTerms * 2 >= queryTerms) return 'strong';
  return 'weak';
}
