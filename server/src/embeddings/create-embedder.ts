import type { Config } from '../config.js';
import type { Embedder } from './embedder.js';
import { createLocalEmbedder } from './local-embedder.js';
import { createOpenAIEmbedder } from './openai-embedder.js';

/** The embedder the configuration asks for. */
export function createEmbedder(config: Pick<Config, 'embeddings' | 'openai'>): Promise<Embedder> {
  if (config.embeddings.provider === 'openai') {
    // The config module guarantees the key when the provider is openai.
    return createOpenAIEmbedder({
      ...config.openai!,
      model: config.embeddings.model,
      timeoutMs: config.embeddings.timeoutMs,
      dimensions: config.embeddings.dimensions,
    });
  }
  return createLocalEmbedder();
}
