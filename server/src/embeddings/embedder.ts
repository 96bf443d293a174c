/**
 * Turns texts into vectors for semantic search. Implementations are loaded
 * once and batch their input.
 */
export interface Embedder {
  /** Recorded with every stored vector; search only compares vectors of one model. */
  readonly model: string;
  readonly dimensions: number;
  /**
   * Cosine similarity below which a result is noise for this model; the
   * default minimum for searches (measured on the retrieval fixture).
   */
  readonly defaultMinSimilarity: number;
  /** One vector per text, in order. Texts must not be empty. */
  embed(texts: string[]): Promise<number[][]>;
}

/** The embedding provider failed; the memory is kept and embedded later. */
export class EmbeddingError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EmbeddingError';
  }
}
