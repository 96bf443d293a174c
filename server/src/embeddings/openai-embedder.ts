import { OpenAIEmbeddings } from '@langchain/openai';
import { EmbeddingError, type Embedder } from './embedder.js';

export interface OpenAIEmbedderOptions {
  apiKey: string;
  /** An OpenAI-compatible server (Ollama, vLLM…); OpenAI's own when absent. */
  baseUrl?: string | undefined;
  model: string;
}

/** Dimensions of OpenAI's models; other models are measured with one call at start-up. */
const KNOWN_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/** Embeddings from OpenAI or a compatible server, through LangChain. */
export async function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Promise<Embedder> {
  const client = new OpenAIEmbeddings({
    apiKey: options.apiKey,
    model: options.model,
    batchSize: 256,
    // Failures are retried by the background worker, not by blocking a request.
    maxRetries: 1,
    ...(options.baseUrl ? { configuration: { baseURL: options.baseUrl } } : {}),
  });
  const embed = async (texts: string[]) => {
    if (texts.length === 0) return [];
    try {
      return await client.embedDocuments(texts);
    } catch (error) {
      throw new EmbeddingError(`embedding provider failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  const dimensions =
    KNOWN_DIMENSIONS[options.model] ?? (await embed(['dimension probe']))[0]!.length;
  return {
    model: `openai:${options.model}`,
    dimensions,
    defaultMinSimilarity: 0.25,
    embed,
  };
}
