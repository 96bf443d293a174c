import { z } from 'zod';
import { PERMISSIONS } from '../memories/memory-input.js';
import { IMPORT_FORMATS } from '../transfer/import-candidate.js';
import type { ImportReport, ImportStatus } from '../transfer/import-service.js';
import type { StreamedFile } from '../transfer/export-service.js';

/** What export and import show: reports and progress, never a vector or ciphertext. */

const timestamp = z.iso.datetime({ offset: true });
const lineProblem = z.object({ line: z.number().int(), message: z.string() });

export const importReportOutput = z
  .object({
    importId: z.uuid().nullable().meta({
      description:
        'Follow the embedding with getImport; null on a dry run or when nothing was new.',
    }),
    dryRun: z.boolean(),
    format: z.enum(IMPORT_FORMATS),
    imported: z.number().int().meta({ description: 'Memories written (or that would be).' }),
    skippedCount: z.number().int(),
    skipped: z
      .array(z.object({ line: z.number().int(), reason: z.string() }))
      .meta({ description: 'Already imported, repeated in the file, or expired (first 100).' }),
    problemCount: z.number().int(),
    problems: z.array(lineProblem).meta({ description: 'Invalid lines (first 100).' }),
    madePrivate: z.number().int().meta({
      description: 'Memories the file marked public, imported private (allowPublic not given).',
    }),
    preview: z.array(
      z.object({
        line: z.number().int(),
        text: z.string(),
        permission: z.enum(PERMISSIONS),
        tags: z.array(z.string()),
        expiresAt: timestamp.nullable(),
        createdAt: timestamp,
      }),
    ),
  })
  .meta({ id: 'ImportReport' });

export function presentImportReport(report: ImportReport): z.input<typeof importReportOutput> {
  return {
    ...report,
    preview: report.preview.map((memory) => ({
      ...memory,
      expiresAt: memory.expiresAt?.toISOString() ?? null,
      createdAt: memory.createdAt.toISOString(),
    })),
  };
}

export const importStatusOutput = z
  .object({
    id: z.uuid(),
    format: z.string(),
    createdAt: timestamp,
    imported: z.number().int(),
    skipped: z.number().int(),
    embedded: z.number().int().meta({ description: 'Memories embedded so far (searchable).' }),
    pending: z.number().int().meta({ description: 'Memories still waiting for an embedding.' }),
    status: z.enum(['embedding', 'done']),
    finishedAt: timestamp.nullable(),
  })
  .meta({ id: 'ImportStatus' });

export function presentImportStatus(status: ImportStatus): z.input<typeof importStatusOutput> {
  return {
    ...status,
    createdAt: status.createdAt.toISOString(),
    finishedAt: status.finishedAt?.toISOString() ?? null,
  };
}

/** A streamed file passes through as it is: the surfaces write its chunks. */
export const streamedFileOutput = z.custom<StreamedFile>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as StreamedFile).mediaType === 'string' &&
    Symbol.asyncIterator in (value as StreamedFile).chunks,
);
