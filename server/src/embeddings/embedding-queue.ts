import { EmbeddingError } from './embedder.js';

/** Runs one batch through the model: one vector per text, in order. */
export type RunBatch = (texts: string[]) => Promise<number[][]>;

interface Request {
  texts: string[];
  resolve: (vectors: number[][]) => void;
  reject: (error: Error) => void;
}

/**
 * The encoder's waiting line. Requests arriving together, or while a batch
 * is running, go to the model as one batch (a batch embeds far faster than
 * its texts one by one); one batch runs at a time and each caller gets its
 * own vectors back. Query texts (a search is waiting on them) go before
 * document texts (a new memory's vector, a background re-embedding): a
 * search never waits behind a queue of writes, only behind the batch already
 * running.
 */
export class EmbeddingQueue {
  private readonly queries: Request[] = [];
  private readonly documents: Request[] = [];
  private running = false;
  private flushScheduled = false;
  private failed: Error | undefined;

  constructor(
    private readonly run: RunBatch,
    private readonly maxBatch: number,
  ) {}

  embed(texts: string[], { query = false }: { query?: boolean } = {}): Promise<number[][]> {
    if (this.failed) return Promise.reject(new EmbeddingError(this.failed.message));
    return new Promise((resolve, reject) => {
      (query ? this.queries : this.documents).push({ texts, resolve, reject });
      this.scheduleFlush();
    });
  }

  /** Refuses everything waiting and everything asked from now on. */
  fail(error: Error): void {
    if (this.failed) return;
    this.failed = error;
    for (const request of [...this.queries.splice(0), ...this.documents.splice(0)]) {
      request.reject(new EmbeddingError(error.message));
    }
  }

  private scheduleFlush() {
    if (this.flushScheduled || this.running) return;
    this.flushScheduled = true;
    // Requests made in the same turn of the event loop join the batch.
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  /** The next batch: queries first, then documents, up to `maxBatch` texts (at least one request). */
  private take(): Request[] {
    const batch: Request[] = [];
    let count = 0;
    for (const line of [this.queries, this.documents]) {
      while (line.length > 0 && (count === 0 || count + line[0]!.texts.length <= this.maxBatch)) {
        const request = line.shift()!;
        batch.push(request);
        count += request.texts.length;
      }
      if (line.length > 0) break;
    }
    return batch;
  }

  private async flush() {
    if (this.running || this.failed) return;
    const batch = this.take();
    if (batch.length === 0) return;
    this.running = true;
    let vectors: number[][] | undefined;
    let failure: Error | undefined;
    try {
      vectors = await this.run(batch.flatMap((request) => request.texts));
    } catch (error) {
      failure = error as Error;
    }
    this.running = false;
    let offset = 0;
    for (const request of batch) {
      if (failure || !vectors) {
        request.reject(
          failure instanceof EmbeddingError
            ? failure
            : new EmbeddingError(failure?.message ?? 'the encoder returned no vectors'),
        );
      } else {
        request.resolve(vectors.slice(offset, offset + request.texts.length));
      }
      offset += request.texts.length;
    }
    void this.flush();
  }
}
