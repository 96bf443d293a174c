/**
 * `npm run bench [-- --memories N] [-- --samples S] [-- --distractors D] [-- --json]`
 * `npm run bench -- --load [--clients 50] [--seconds 20] [--mcp-requests 400] [--cpu-prof DIR] [--json]`
 * `npm run bench -- --web [--memories 10000] [--samples 50] [--json]`
 * `npm run bench -- --store [--memories N] [--samples S] [--random-vectors] [--keyword-cap C] --json` (only the memory store part)
 * `npm run bench -- --transfer [--transfer-memories 10000] [--json]` (only export/import)
 *
 * Measures Picard on this machine. Timing goals live here, never in tests;
 * figures are medians and percentiles from one run, best read as ratios.
 * Runs on an in-memory embedded database, or on a fresh schema of
 * DATABASE_URL's PostgreSQL when it is set.
 */
import { parseArgs } from 'node:util';
import { runHttpBench } from './bench/http-bench.js';
import { runLoadBench } from './bench/load-bench.js';
import { runMemoryBench } from './bench/memory-bench.js';
import { runWebBench } from './bench/web-bench.js';
import { runRetrievalBench } from './bench/retrieval-bench.js';
import { runTransferBench } from './bench/transfer-bench.js';

const { values: args } = parseArgs({
  options: {
    memories: { type: 'string', default: '5000' },
    distractors: { type: 'string', default: '1000' },
    samples: { type: 'string', default: '200' },
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    json: { type: 'boolean', default: false },
    load: { type: 'boolean', default: false },
    web: { type: 'boolean', default: false },
    clients: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '20' },
    'mcp-requests': { type: 'string', default: '400' },
    'cpu-prof': { type: 'string' },
    transfer: { type: 'boolean', default: false },
    store: { type: 'boolean', default: false },
    'random-vectors': { type: 'boolean', default: false },
    'keyword-cap': { type: 'string' },
    'transfer-memories': { type: 'string', default: '10000' },
  },
});

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

if (args.web) {
  const web = await runWebBench({
    memories: process.argv.includes('--memories') ? Number(args.memories) : 10_000,
    samples: process.argv.includes('--samples') ? Number(args.samples) : 50,
    log,
  });
  if (args.json) {
    console.log(JSON.stringify(web));
  } else {
    console.log(`\nPicard web pages (${web.web_memories} memories), server time per page\n`);
    for (const [page, figures] of Object.entries(web.web_pages)) {
      console.log(`${page.padEnd(36)} p50 ${figures.p50_ms} ms, p95 ${figures.p95_ms} ms`);
    }
  }
  process.exit(0);
}

if (args.load) {
  const load = await runLoadBench({
    clients: Number(args.clients),
    seconds: Number(args.seconds),
    mcpRequests: Number(args['mcp-requests']),
    profileDir: args['cpu-prof'],
    log,
  });
  if (args.json) {
    console.log(JSON.stringify(load));
  } else {
    console.log(
      `\nPicard load (${load.database}, ${load.load_clients} clients, ${load.load_seconds} s)\n`,
    );
    console.log(
      `all requests: ${load.load_rps} req/s, p50 ${load.load_p50_ms} ms, p95 ${load.load_p95_ms} ms, ` +
        `p99 ${load.load_p99_ms} ms, ${load.load_timeouts} timeouts, ${load.load_errors} errors`,
    );
    for (const [kind, figures] of Object.entries(load.load_by_kind)) {
      console.log(
        `${kind.padEnd(10)} ${String(figures.rps).padStart(6)} req/s, p50 ${figures.p50_ms} ms, ` +
          `p95 ${figures.p95_ms} ms, p99 ${figures.p99_ms} ms, ${figures.timeouts} timeouts, ${figures.errors} errors`,
      );
    }
    console.log(
      `/health while loaded: p50 ${load.load_health_p50_ms} ms, p99 ${load.load_health_p99_ms} ms, max ${load.load_health_max_ms} ms`,
    );
    console.log(
      `MCP query_memory, 8 concurrent: ${load.mcp_query8_rps} req/s, p50 ${load.mcp_query8_p50_ms} ms`,
    );
    console.log(
      `offline encoder alone, batches of ${load.encoder_batch}: ` +
        `${load.encoder_query_texts_per_s} questions/s, ${load.encoder_memory_texts_per_s} memory texts/s`,
    );
  }
  process.exit(0);
}
/** Export and import throughput, printed as lines of the report. */
const transferRows = (t: Awaited<ReturnType<typeof runTransferBench>>): [string, string][] => [
  [
    `import ${t.transfer_memories} (text)`,
    `${t.import_per_s} memories/s (write ${t.import_write_per_s}/s, embed ${t.import_embed_per_s}/s)`,
  ],
  ['import bundle with embeddings', `${t.import_with_embeddings_per_s} memories/s`],
  [
    'export Picard bundle',
    `${t.export_jsonl_per_s} memories/s (${t.export_jsonl_mb} MB, heap +${t.export_jsonl_heap_growth_mb} MB)`,
  ],
  ['export Markdown', `${t.export_markdown_per_s} memories/s`],
  ['export bundle with embeddings', `${t.export_with_embeddings_per_s} memories/s`],
];

if (args.transfer) {
  const transfer = await runTransferBench({ memories: Number(args['transfer-memories']), log });
  if (args.json) console.log(JSON.stringify(transfer));
  else
    for (const [name, value] of transferRows(transfer)) console.log(`${name.padEnd(36)} ${value}`);
  process.exit(0);
}

const memory = await runMemoryBench({
  memories: Number(args.memories),
  samples: Number(args.samples),
  randomVectors: args['random-vectors'],
  keywordTermCap: args['keyword-cap'] === undefined ? undefined : Number(args['keyword-cap']),
  log,
});
if (args.store) {
  console.log(JSON.stringify(memory));
  process.exit(0);
}
log('measuring retrieval quality on the hybrid retrieval fixture');
const retrieval = await runRetrievalBench({ distractors: Number(args.distractors), log });
log('measuring the HTTP surfaces');
const httpShell = await runHttpBench({
  requests: Number(args.requests),
  concurrency: Number(args.concurrency),
  log,
});
log('measuring export and import');
const transfer = await runTransferBench({ memories: Number(args['transfer-memories']), log });
const result = { ...memory, ...retrieval, ...httpShell, ...transfer };

if (args.json) {
  console.log(JSON.stringify(result));
} else {
  console.log(`\nPicard bench (${result.database}, ${result.memories} memories)\n`);
  const rows: [string, string][] = [
    ['create memory', `p50 ${result.create_p50_ms} ms, p95 ${result.create_p95_ms} ms`],
    [
      'search, heavy user’s own',
      `p50 ${result.search_p50_ms} ms, p95 ${result.search_p95_ms} ms, p99 ${result.search_p99_ms} ms`,
    ],
    [
      'hybrid search, heavy user’s own',
      `p50 ${result.hybrid_search_p50_ms} ms, p95 ${result.hybrid_search_p95_ms} ms (vector only: p50 ${result.search_p50_ms} ms; keyword only: p50 ${result.keyword_search_p50_ms} ms)`,
    ],
    ['search, light user’s own', `p50 ${result.light_search_p50_ms} ms`],
    ['persona retrieval (heavy, public)', `p50 ${result.persona_search_p50_ms} ms`],
    [
      `search, shared with me (${result.shared_memories} from ${result.shared_owners})`,
      `p50 ${result.shared_search_p50_ms} ms (${result.shared_search_ratio}× of own)`,
    ],
    [
      'hybrid search, shared with me',
      `p50 ${result.shared_hybrid_search_p50_ms} ms (${result.shared_hybrid_search_ratio}× of own hybrid)`,
    ],
    [
      'recall@10 vs exact (lowest)',
      `${result.recall_at_10} ${JSON.stringify(result.recall_at_10_by_kind)}`,
    ],
    ['keyword recall@10, capped vs every posting', `${result.keyword_recall_at_10}`],
    [
      `recall@1 / @5, ${result.retrieval_distractors} distractors`,
      `hybrid ${result.recall_at_1} / ${result.recall_at_5}, vector only ${result.recall_by_mode.with_distractors.vector.at1} / ${result.recall_by_mode.with_distractors.vector.at5}`,
    ],
    [
      'recall@1 / @5, fixture alone',
      `hybrid ${result.recall_by_mode.alone.hybrid.at1} / ${result.recall_by_mode.alone.hybrid.at5}, vector only ${result.recall_by_mode.alone.vector.at1} / ${result.recall_by_mode.alone.vector.at5}`,
    ],
    [
      'persona (offline)',
      `cites the right memory ${result.persona_cite_rate}, declines unanswerable ${result.persona_decline_rate}`,
    ],
    [
      'duplicate threshold',
      `rewrites ≥ ${result.duplicate_similarity_min}, distinct memories ≤ ${result.distinct_similarity_max}`,
    ],
    ['GET /health', `${result.health_rps} req/s, p50 ${result.health_p50_ms} ms`],
    ['GET /health/ready', `${result.ready_rps} req/s (${result.ready_ratio}× of /health)`],
    [
      'GET /api/v1/memories/{id} (token)',
      `${result.api_get_rps} req/s, p50 ${result.api_get_p50_ms} ms (${result.api_get_ratio}× of /health)`,
    ],
    [
      'MCP query_memory (token, session)',
      `${result.mcp_query_rps} req/s, p50 ${result.mcp_query_p50_ms} ms (${result.mcp_query_ratio}× of /health)`,
    ],
  ];
  rows.push(...transferRows(transfer));
  for (const [name, value] of rows) console.log(`${name.padEnd(40)} ${value}`);
}
