import type { Database } from '../db/database.js';
import type { Embedder } from '../embeddings/embedder.js';
import type { ScoredMemory } from './memory.js';
import { parseInput, searchMemoriesInput, type SearchMemoriesInput } from './memory-input.js';
import type { MemoryService } from './memory-service.js';
import type { MemoryRepository } from './memory-repository.js';
import { vectorExpression } from './vector-index.js';
import { resolveOwnerScope, toActor, type ActorLike } from './visibility.js';

export interface MemorySearchDeps {
  /** For the owner lookups of the visibility rules. */
  db: Database;
  repository: MemoryRepository;
  embedder: Embedder;
  memories: Pick<MemoryService, 'toMemory'>;
  now?: () => Date;
  /**
   * Scopes with at most this many candidate vectors are scanned exactly; larger
   * ones use the HNSW index with iterative scans. Chosen with `npm run bench`.
   */
  exactScanMax?: number;
}

/** Semantic search over one user's memories. */
export interface MemorySearch {
  /**
   * Searches the actor's own memories (scope `own`, the default), those
   * shared with the actor (`shared`) or both (`all`); with `username`, that
   * user's memories the actor may read. Results are best first, at most
   * `limit`, each at least `minSimilarity` alike.
   */
  search(actor: ActorLike, input: SearchMemoriesInput): Promise<ScoredMemory[]>;
}

export function createMemorySearch(deps: MemorySearchDeps): MemorySearch {
  const { db, repository, embedder, memories } = deps;
  const now = deps.now ?? (() => new Date());
  const exactScanMax = deps.exactScanMax ?? 2_000;
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
      const [queryVector] = await embedder.embed([query.query]);
      const request = {
        reader: actor,
        scope,
        now: now(),
        tags: query.tags,
        vector: queryVector!,
        limit: query.limit,
      };
      const small =
        (await repository.countSearchCandidates(vectorOf(), request, exactScanMax)) <= exactScanMax;
      const hits = small
        ? await repository.nearestExact(vectorOf(), request)
        : await repository.nearestIndexed(vectorOf(), request);
      const minSimilarity = query.minSimilarity ?? embedder.defaultMinSimilarity;
      return hits
        .map(({ row, distance }) => ({ row, score: 1 - distance }))
        .filter(({ score }) => score >= minSimilarity)
        .map(({ row, score }) => ({ score, memory: memories.toMemory(row) }));
    },
  };
}
