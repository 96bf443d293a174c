import type { EmbedOptions, Embedder } from '../embeddings/embedder.js';
import { embeddingCalls, embeddingDuration } from './metrics.js';
import { inSpan } from './tracing.js';

/**
 * The embedder with each call counted, timed and traced (how many texts and
 * which model; never the texts). Everything else is the embedder's own,
 * read through so that values it learns later (`dimensions`) stay current.
 */
export function instrumentEmbedder(embedder: Embedder): Embedder {
  const embed = async (texts: string[], options?: EmbedOptions) => {
    const end = embeddingDuration.startTimer();
    try {
      const vectors = await inSpan(
        'embeddings.embed',
        { 'picard.embedding.model': embedder.model, 'picard.embedding.texts': texts.length },
        () => embedder.embed(texts, options),
      );
      embeddingCalls.inc({ outcome: 'success' });
      return vectors;
    } catch (error) {
      embeddingCalls.inc({ outcome: 'failure' });
      throw error;
    } finally {
      end();
    }
  };
  return new Proxy(embedder, {
    get(target, property) {
      if (property === 'embed') return embed;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
