import { describe, expect, it } from '@jest/globals';
import { createLocalEmbedder } from '../../src/embeddings/local-embedder.js';

describe('the offline encoder in its worker thread', () => {
  it('batches concurrent requests and gives each caller its own vectors, in order', async () => {
    const embedder = await createLocalEmbedder();
    const texts = Array.from({ length: 12 }, (_, i) => `memory ${i}: tea, Earl Grey, hot`);
    const alone = await embedder.embed([texts[5]!]);
    // Requests made together go to the model as one batch.
    const together = await Promise.all([
      embedder.embed(texts.slice(0, 4)),
      embedder.embed(texts.slice(4, 9)),
      embedder.embed(texts.slice(9)),
      embedder.embed([]),
    ]);
    expect(together.map((vectors) => vectors.length)).toEqual([4, 5, 3, 0]);
    const flat = together.flat();
    expect(flat).toHaveLength(12);
    for (const vector of flat) expect(vector).toHaveLength(512);
    // Batching does not change a text's vector.
    flat[5]!.forEach((value, i) => expect(value).toBeCloseTo(alone[0]![i]!, 5));
    expect(flat[0]).not.toEqual(flat[1]);
  });

  it('after close, a new embedder starts a new worker', async () => {
    const first = await createLocalEmbedder();
    await first.close!();
    const second = await createLocalEmbedder();
    expect(await second.embed(['Make it so'])).toHaveLength(1);
  });
});
