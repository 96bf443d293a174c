import { createLocalEmbedder } from '../../server/src/embeddings/local-embedder.js';
import { seededRandom, syntheticMemory, variedQuestion } from './synthetic-text.js';

/**
 * The offline encoder's own ceiling on this machine, with nothing else
 * running: texts per second through the model in batches of `batch`, for
 * about `seconds` each, questions (as `query_memory` sends) and memory texts
 * (as creates do). Every embedding-bound request of the load bench waits on
 * this one model, so these figures bound what it can reach.
 */
export async function runEncoderBench({ batch = 8, seconds = 3 } = {}) {
  const embedder = await createLocalEmbedder();
  const random = seededRandom(7);
  let written = 0;
  const rate = async (text: () => string) => {
    await embedder.embed(Array.from({ length: batch }, text));
    let texts = 0;
    const started = performance.now();
    while (performance.now() - started < seconds * 1000) {
      await embedder.embed(Array.from({ length: batch }, text));
      texts += batch;
    }
    return Math.round(texts / ((performance.now() - started) / 1000));
  };
  try {
    return {
      encoder_batch: batch,
      encoder_query_texts_per_s: await rate(() => variedQuestion(random)),
      encoder_memory_texts_per_s: await rate(() => syntheticMemory(random, (written += 1))),
    };
  } finally {
    await embedder.close?.();
  }
}
