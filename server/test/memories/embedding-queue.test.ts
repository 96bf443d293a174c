import { describe, expect, it } from '@jest/globals';
import { EmbeddingError } from '../../src/embeddings/embedder.js';
import { EmbeddingQueue } from '../../src/embeddings/embedding-queue.js';

/**
 * A model whose batches finish when the test says so: records each batch's
 * texts and answers each text with a vector naming it.
 */
function controlledModel() {
  const batches: string[][] = [];
  const finishers: (() => void)[] = [];
  const failers: ((error: Error) => void)[] = [];
  let started: () => void = () => {};
  const run = (texts: string[]) =>
    new Promise<number[][]>((resolve, reject) => {
      batches.push(texts);
      finishers.push(() => resolve(texts.map((text) => [text.length, batches.length])));
      failers.push(reject);
      started();
    });
  return {
    run,
    batches,
    /** Resolves once `n` batches have been sent to the model. */
    batchesStarted: (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => (batches.length >= n ? resolve() : undefined);
        started = check;
        check();
      }),
    finish: (index: number) => finishers[index]!(),
    failBatch: (index: number, error: Error) => failers[index]!(error),
  };
}

describe('the encoder queue', () => {
  it('sends a query queued after documents before them, in the next batch', async () => {
    const model = controlledModel();
    const queue = new EmbeddingQueue(model.run, 64);
    const first = queue.embed(['a write that starts the model']);
    await model.batchesStarted(1);
    // While the model is busy, writes queue up, then a search asks for its query vector.
    const writes = [queue.embed(['write one']), queue.embed(['write two', 'write three'])];
    const search = queue.embed(['what did I cook?'], { query: true });
    model.finish(0);
    await model.batchesStarted(2);
    expect(model.batches[1]).toEqual(['what did I cook?', 'write one', 'write two', 'write three']);
    model.finish(1);
    // Each caller still gets its own vectors, in order.
    expect(await first).toEqual([[29, 1]]);
    expect(await search).toEqual([[16, 2]]);
    expect(await Promise.all(writes)).toEqual([
      [[9, 2]],
      [
        [9, 2],
        [11, 2],
      ],
    ]);
  });

  it('lets queries fill a batch first and leaves the documents for the next one', async () => {
    const model = controlledModel();
    const queue = new EmbeddingQueue(model.run, 3);
    const first = queue.embed(['busy']);
    await model.batchesStarted(1);
    const writes = queue.embed(['w1', 'w2']);
    const queries = [1, 2, 3].map((n) => queue.embed([`q${n}`], { query: true }));
    model.finish(0);
    await model.batchesStarted(2);
    expect(model.batches[1]).toEqual(['q1', 'q2', 'q3']);
    model.finish(1);
    await model.batchesStarted(3);
    expect(model.batches[2]).toEqual(['w1', 'w2']);
    model.finish(2);
    await Promise.all([first, writes, ...queries]);
  });

  it('batches what is asked in one turn together, queries first', async () => {
    const model = controlledModel();
    const queue = new EmbeddingQueue(model.run, 64);
    const asked = [queue.embed(['doc']), queue.embed(['query'], { query: true })];
    await model.batchesStarted(1);
    expect(model.batches).toEqual([['query', 'doc']]);
    model.finish(0);
    await Promise.all(asked);
  });

  it('fails a batch’s callers with an EmbeddingError and goes on with the next batch', async () => {
    const model = controlledModel();
    const queue = new EmbeddingQueue(model.run, 64);
    const failing = queue.embed(['first']);
    await model.batchesStarted(1);
    const next = queue.embed(['second'], { query: true });
    model.failBatch(0, new Error('model crashed'));
    await expect(failing).rejects.toThrow(EmbeddingError);
    await model.batchesStarted(2);
    model.finish(1);
    expect(await next).toEqual([[6, 2]]);
  });

  it('once failed, refuses what waits and what comes', async () => {
    const model = controlledModel();
    const queue = new EmbeddingQueue(model.run, 64);
    const running = queue.embed(['running']);
    await model.batchesStarted(1);
    const waiting = queue.embed(['waiting']);
    queue.fail(new Error('encoder closed'));
    await expect(waiting).rejects.toThrow('encoder closed');
    await expect(queue.embed(['later'])).rejects.toThrow(EmbeddingError);
    model.finish(0);
    await running;
    expect(model.batches).toHaveLength(1);
  });
});
