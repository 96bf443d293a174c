import { ApplicationLimitedError } from '../errors/domain-errors.js';
import { actorOf } from '../resource-server/caller.js';
import { z } from 'zod';
import { safeString } from '../memories/memory-input.js';
import {
  importReportOutput,
  importStatusOutput,
  presentImportReport,
  presentImportStatus,
  streamedFileOutput,
} from '../presenters/transfer-presenters.js';
import { EXPORT_FORMATS, EXPORT_MEDIA_TYPES } from '../transfer/export-service.js';
import { IMPORT_FORMATS } from '../transfer/import-candidate.js';
import { MAX_IMPORT_BYTES, MAX_IMPORT_MEMORIES } from '../transfer/import-limits.js';
import { defineOperation } from './operation.js';

/** A yes/no input: a JSON boolean, or "true"/"false" in a query string. */
const flag = (name: string, description: string) =>
  z
    .union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')], {
      error: `${name} must be true or false`,
    })
    .default(false)
    .meta({ description });

export const exportMemories = defineOperation({
  name: 'exportMemories',
  summary: 'Export your memories',
  description:
    'All of your own memories (private ones too, never anyone else’s), streamed as a file to download: `jsonl` is the versioned Picard bundle (a header line, one line per memory with its text, permission, tags, expiry, times and edit history, and an end line), which imports back exactly; `markdown` is one readable document. Expired memories are left out.',
  kind: 'read',
  input: z.strictObject({
    format: z
      .enum(EXPORT_FORMATS, { error: 'format must be "jsonl" or "markdown"' })
      .default('jsonl')
      .meta({ description: '"jsonl" (the Picard bundle, the default) or "markdown".' }),
    includeEmbeddings: flag(
      'includeEmbeddings',
      'Keep each memory’s vector and its model name in the bundle (jsonl only); left out by default.',
    ),
  }),
  output: streamedFileOutput,
  streamed: {
    mediaTypes: {
      [EXPORT_MEDIA_TYPES.jsonl]: 'The Picard bundle (JSON Lines), with format=jsonl.',
      [EXPORT_MEDIA_TYPES.markdown]: 'One Markdown document, with format=markdown.',
    },
  },
  rest: { method: 'get', path: '/api/v1/me/export' },
  audit: { action: 'memory.export' },
  handler: async (input, { caller, services }) =>
    services.store.exports.exportMemories(actorOf(caller), input),
});

export const getImport = defineOperation({
  name: 'getImport',
  summary: 'Progress of an import',
  description:
    'How far the embedding of one of your imports has got: memories embedded (searchable) and still pending; status becomes "done" when none wait.',
  kind: 'read',
  input: z.strictObject({
    importId: safeString('importId')
      .max(100, { error: 'importId is not an import id' })
      .meta({ description: 'The importId an import answered with.' }),
  }),
  output: importStatusOutput,
  rest: { method: 'get', path: '/api/v1/me/imports/{importId}' },
  tool: 'get_import',
  handler: async ({ importId }, { caller, services }) =>
    presentImportStatus(await services.store.imports.status(caller.userId, importId)),
});

export const importMemories = defineOperation({
  name: 'importMemories',
  summary: 'Import memories from a file',
  description: `Brings a file of memories into your own account: a Picard bundle, the reference MCP memory server's memory.jsonl, mem0's exported memories, or plain text/Markdown (one memory per paragraph or list item). Every line is checked first and problems are reported with their line numbers; a file with a bad line imports nothing unless skipInvalid is set. Importing the same file again adds nothing. Memories are private unless the file says public and allowPublic is set. Answers at once; the memories become searchable as they are embedded (follow importId with getImport). At most ${MAX_IMPORT_BYTES / 1024 / 1024} MiB and ${MAX_IMPORT_MEMORIES} memories per import.`,
  kind: 'create',
  idempotent: true,
  input: z.strictObject({
    // The size bound is checked in bytes by the import itself (413 import_too_large).
    content: safeString('content').meta({
      description: `The file’s text (UTF-8), at most ${MAX_IMPORT_BYTES / 1024 / 1024} MiB.`,
    }),
    format: z
      .enum(IMPORT_FORMATS, {
        error: `format must be one of ${IMPORT_FORMATS.map((name) => `"${name}"`).join(', ')}`,
      })
      .optional()
      .meta({
        description:
          '"picard" (bundle), "mcp-memory" (memory.jsonl), "mem0" or "text"; detected from the content when absent.',
      }),
    dryRun: flag('dryRun', 'Only report what would be imported; write nothing.'),
    skipInvalid: flag(
      'skipInvalid',
      'Import the valid lines and report the invalid ones, instead of importing nothing.',
    ),
    allowPublic: flag(
      'allowPublic',
      'Keep "public" where the file says so; otherwise every imported memory is private.',
    ),
  }),
  output: importReportOutput,
  rest: {
    method: 'post',
    path: '/api/v1/me/imports',
    status: 202,
    location: (report) => (report.importId ? `/api/v1/me/imports/${report.importId}` : undefined),
    // The file travels JSON-escaped in the body: room for the escaping.
    maxBodyBytes: 2 * MAX_IMPORT_BYTES,
  },
  tool: 'import_memories',
  progress: {
    operation: getImport,
    input: (report) => (report.importId ? { importId: report.importId } : undefined),
    measure: (status: z.output<typeof importStatusOutput>) => ({
      progress: status.embedded,
      total: status.embedded + status.pending,
      done: status.status === 'done',
    }),
  },
  audit: { action: 'memory.import' },
  handler: async (input, { caller, services }) => {
    // Imported memories keep the tags of their file: an application limited
    // to some tags could write outside them, so it may not import.
    if (caller.limit?.tags.length) {
      throw new ApplicationLimitedError(
        'This application is limited to some tags and cannot import memories.',
      );
    }
    return presentImportReport(await services.store.imports.importFile(caller.userId, input));
  },
});
