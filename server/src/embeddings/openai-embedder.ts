import { OpenAIEmbeddings } from '@langchain/openai';
import { EmbeddingError, type Embedder } from './embedder.js';

export interface OpenAIEmbedderOptions {
  apiKey: string;
  /** An OpenAI-compatible server (Ollama, vLLM…); OpenAI's own when absent. */
  baseUrl?: string | undefined;
  model: string;
  /** The bound on one call; the OpenAI client's own default is 10 minutes. */
  timeoutMs?: number | undefined;
  /** The model's dimensions, when known without asking the provider. */
  dimensions?: number | undefined;
}

/** Dimensions of OpenAI's models; other models are measured with one call at start-up. */
const KNOWN_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/**
 * Embeddings from OpenAI or a compatible server, through LangChain. A model
 * whose dimensions are neither known nor configured is measured with one call;
 * when the provider is down at start-up the embedder starts anyway and learns
 * the dimensions from its first successful call (memories stay pending until
 * then), so an Ollama that starts after Picard does not stop Picard.
 */
export async function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Promise<Embedder> {
  const client = new OpenAIEmbeddings({
    apiKey: options.apiKey,
    model: options.model,
    batchSize: 256,
    // Failures are retried by the background worker, not by blocking a request.
    maxRetries: 1,
    // LangChain queues calls beyond maxConcurrency: a few hung calls must not
    // hold every later write and search, so allow many, each bounded in time.
    maxConcurrency: 16,
    timeout: options.timeoutMs ?? 30_000,
    ...(options.baseUrl ? { configuration: { baseURL: options.baseUrl } } : {}),
  });
  let dimensions = options.dimensions ?? KNOWN_DIMENSIONS[options.model] ?? 0;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  if (dimensions > 0) markReady();

  const embed = async (texts: string[]) => {
    if (texts.length === 0) return [];
    let vectors: number[][];
    try {
      vectors = await client.embedDocuments(texts);
    } catch (error) {
      throw new EmbeddingError(`embedding provider failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (dimensions === 0) {
      dimensions = vectors[0]!.length;
      markReady();
    } else if (vectors.some((vector) => vector.length !== dimensions)) {
      throw new EmbeddingError(
        `embedding provider returned vectors of ${vectors[0]!.length} dimensions, not ${dimensions}`,
      );
    }
    return vectors;
  };
  if (dimensions === 0) {
    // Down at start-up: start anyway; the first successful call measures it.
    await embed(['dimension probe']).catch(() => undefined);
  }
  return {
    model: `openai:${options.model}`,
    get dimensions() {
      return dimensions;
    },
    ready,
    defaultMinSimilarity: 0.25,
    embed,
  };
}
