import type { MemoryRepository, NearRow, SearchQuery } from './memory-repository.js';
import type { VectorExpression } from './vector-index.js';

/**
 * The nearest memories by vector: scopes with at most `exactScanMax`
 * candidates are compared exactly (cheap when small, and exact); larger ones
 * go through the HNSW index with iterative scans.
 */
export async function vectorNearest(
  repository: MemoryRepository,
  vector: VectorExpression,
  query: SearchQuery,
  exactScanMax: number,
): Promise<NearRow[]> {
  const exact = await repository.nearestExactWithin(vector, query, exactScanMax);
  return exact ?? repository.nearestIndexed(vector, query);
}
