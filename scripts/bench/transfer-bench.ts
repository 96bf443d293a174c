import { createLogger } from '../../server/src/logger.js';
import { createMemoryStore } from '../../server/src/memories/memory-store.js';
import type { StreamedFile } from '../../server/src/transfer/export-service.js';
import { MAX_IMPORT_BYTES } from '../../server/src/transfer/import-limits.js';
import { openBenchDatabase } from './bench-database.js';
import { seededRandom, syntheticMemory } from './synthetic-text.js';

export interface TransferBenchOptions {
  memories: number;
  log: (line: string) => void;
}

const round = (value: number) => Math.round(value);
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/**
 * Export and import throughput (memories per second) for `memories`
 * memories, through the services the API uses: a plain-text import (checked,
 * written in one transaction) and its embedding by the background worker's
 * batches, which bounds an import; exports as the Picard bundle and as
 * Markdown, consumed as a download would be, with the heap's growth meanwhile
 * (streaming keeps it flat); and the bundle with its embeddings imported into
 * another account, which needs no embedding at all.
 */
export async function runTransferBench({ memories, log }: TransferBenchOptions) {
  const { config, db, drop } = await openBenchDatabase();
  try {
    const store = await createMemoryStore({
      config,
      db,
      logger: createLogger('silent', 'bench'),
    });
    const random = seededRandom(7);
    const owner = await db.prisma.user.create({
      data: { username: 'exporter', email: 'e@b.test' },
    });
    const content = Array.from({ length: memories }, (_, i) =>
      syntheticMemory(random, i).replace(/\n+/g, ' '),
    ).join('\n\n');

    log(`transfer: importing ${memories} memories`);
    let start = process.hrtime.bigint();
    const report = await store.imports.importFile(owner.id, { content, format: 'text' });
    const writeSeconds = seconds(start);
    start = process.hrtime.bigint();
    for (;;) {
      const { embedded } = await store.embeddings.embedBatch({ batchSize: 64 });
      if (embedded === 0) break;
    }
    const embedSeconds = seconds(start);
    const status = await store.imports.status(owner.id, report.importId!);
    if (status.embedded !== memories) throw new Error(`embedded ${status.embedded} of ${memories}`);

    const drain = async (file: StreamedFile) => {
      const heapBefore = process.memoryUsage().heapUsed;
      let peak = heapBefore;
      let bytes = 0;
      let text = '';
      const started = process.hrtime.bigint();
      for await (const chunk of file.chunks) {
        bytes += Buffer.byteLength(chunk);
        if (keep) text += chunk;
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
      return { seconds: seconds(started), bytes, text, growthMb: (peak - heapBefore) / 2 ** 20 };
    };
    let keep = false;
    log('transfer: exporting');
    const jsonl = await drain(await store.exports.exportMemories(owner.id, { format: 'jsonl' }));
    const markdown = await drain(
      await store.exports.exportMemories(owner.id, { format: 'markdown' }),
    );
    keep = true;
    const withVectors = await drain(
      await store.exports.exportMemories(owner.id, { format: 'jsonl', includeEmbeddings: true }),
    );

    log('transfer: importing the bundle with its embeddings into another account');
    const other = await db.prisma.user.create({
      data: { username: 'importer', email: 'i@b.test' },
    });
    // A bundle with vectors is several times the import bound at this size,
    // so it goes in as consecutive files of the same bundle, each in bounds.
    start = process.hrtime.bigint();
    let pending = 0;
    for (const part of bundleParts(withVectors.text, MAX_IMPORT_BYTES - 1024 * 1024)) {
      const again = await store.imports.importFile(other.id, { content: part });
      pending += (await store.imports.status(other.id, again.importId!)).pending;
    }
    const bundleSeconds = seconds(start);
    const copied = { pending };
    await store.embedder.close?.();
    return {
      transfer_memories: memories,
      import_write_per_s: round(memories / writeSeconds),
      import_embed_per_s: round(memories / embedSeconds),
      import_per_s: round(memories / (writeSeconds + embedSeconds)),
      import_with_embeddings_per_s: round(memories / bundleSeconds),
      import_with_embeddings_pending: copied.pending,
      export_jsonl_per_s: round(memories / jsonl.seconds),
      export_jsonl_mb: Math.round((jsonl.bytes / 2 ** 20) * 10) / 10,
      export_jsonl_heap_growth_mb: Math.round(jsonl.growthMb * 10) / 10,
      export_markdown_per_s: round(memories / markdown.seconds),
      export_with_embeddings_per_s: round(memories / withVectors.seconds),
    };
  } finally {
    await drop();
  }
}

/**
 * A Picard bundle cut into bundles of at most `maxBytes` each: the same
 * header line, a run of its memory lines, and an end line counting them.
 */
function bundleParts(bundle: string, maxBytes: number): string[] {
  const lines = bundle.trim().split('\n');
  const header = lines[0]!;
  const memories = lines.slice(1, -1);
  const parts: string[] = [];
  let current: string[] = [];
  let size = Buffer.byteLength(header) + 64;
  const flush = () => {
    if (current.length === 0) return;
    const end = JSON.stringify({ type: 'end', memories: current.length });
    parts.push([header, ...current, end].join('\n') + '\n');
    current = [];
    size = Buffer.byteLength(header) + 64;
  };
  for (const line of memories) {
    const bytes = Buffer.byteLength(line) + 1;
    if (size + bytes > maxBytes) flush();
    current.push(line);
    size += bytes;
  }
  flush();
  return parts;
}
