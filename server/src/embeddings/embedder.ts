/**
 * Turns texts into vectors for semantic search. Implementations are loaded
 * once and batch their input.
 */
export interface Embedder {
  /** Recorded with every stored vector; search only compares vectors of one model. */
  readonly model: string;
  /** 0 while unknown (a provider that was down when the server started); see `ready`. */
  readonly dimensions: number;
  /** Resolves once `dimensions` is known; absent when it always is. */
  readonly ready?: Promise<void>;
  /**
   * Cosine similarity below which a result is noise for this model; the
   * default minimum for searches (measured on the retrieval fixture).
   */
  readonly defaultMinSimilarity: number;
  /**
   * Cosine similarity from which a new memory counts as a near-duplicate of
   * one already stored (measured on the duplicates fixture); 0.9 when absent.
   */
  readonly duplicateSimilarity?: number;
  /** One vector per text, in order. Texts must not be empty. */
  embed(texts: string[], options?: EmbedOptions): Promise<number[][]>;
  /** Releases what the embedder holds (a worker thread); absent when nothing. */
  close?(): Promise<void>;
}

export interface EmbedOptions {
  /**
   * The texts are a search's query, which someone is waiting on: an embedder
   * with a queue serves them before document texts (new memories,
   * background re-embedding) queued earlier.
   */
  query?: boolean;
}

/** The embedding provider failed; the memory is kept and embedded later. */
export class EmbeddingError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EmbeddingError';
  }
}
