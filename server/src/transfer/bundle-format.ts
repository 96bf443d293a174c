import { z } from 'zod';
import { dateTime, permission, tags, text } from '../memories/memory-input.js';

/**
 * The Picard bundle: JSON Lines (https://jsonlines.org), UTF-8.
 *
 *   line 1      {"format":"picard-memories","version":1,"exportedAt":…,"user":{…},"includesEmbeddings":false}
 *   then        {"type":"memory","id":…,"text":…,"permission":…,"tags":[…],"expiresAt":…,
 *                "createdAt":…,"updatedAt":…,"version":n,"history":[…],"embedding"?:{"model":…,"vector":[…]}}
 *   last line   {"type":"end","memories":n}
 *
 * The end line lets an importer tell a complete file from one cut short (a
 * download that broke off mid-stream). Fields are camelCase, as on the REST
 * API; dates are RFC 3339. `history` holds the earlier versions, oldest first.
 */
export const BUNDLE_FORMAT = 'picard-memories';
export const BUNDLE_VERSION = 1;

export const bundleHeader = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION, {
    error: `this file's bundle version is not ${BUNDLE_VERSION}, the one this server reads`,
  }),
  exportedAt: z.string(),
  user: z.object({ id: z.string(), username: z.string() }),
  includesEmbeddings: z.boolean(),
});
export type BundleHeader = z.infer<typeof bundleHeader>;

const versionNumber = z.number().int().min(1).max(1_000_000);

export const bundleVersion = z.strictObject({
  version: versionNumber,
  text,
  permission,
  tags,
  expiresAt: dateTime.nullable(),
  createdAt: dateTime,
  replacedAt: dateTime,
});

export const bundleMemory = z.strictObject({
  type: z.literal('memory'),
  id: z.string().max(100),
  text,
  permission,
  tags,
  expiresAt: dateTime.nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
  version: versionNumber,
  history: z.array(bundleVersion).max(10_000),
  embedding: z
    .strictObject({
      model: z.string().min(1).max(200),
      vector: z.array(z.number()).min(1).max(16_000),
    })
    .optional(),
});
export type BundleMemory = z.input<typeof bundleMemory>;

export const bundleEnd = z.strictObject({
  type: z.literal('end'),
  memories: z.number().int().min(0),
});
