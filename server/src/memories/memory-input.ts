import { z } from 'zod';
import { ValidationError } from '../errors/domain-errors.js';
import { isSafeText, quotableName, UNSAFE_TEXT_MESSAGE } from '../text/safe-text.js';
import { SCOPES } from './visibility.js';

/**
 * The domain's rules for memory input, shared by every surface: the
 * operation catalogue derives REST bodies, MCP tool arguments and the OpenAPI
 * document from these schemas, and the services enforce them again before
 * anything is written. Objects are strict: an unknown field is an error, not
 * something silently ignored. Limits live in the schemas themselves, so the
 * JSON Schemas generated from them state them too.
 */

export const MAX_TEXT_LENGTH = 10_000;
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 50;
export const MAX_QUERY_LENGTH = 2_000;
export const MAX_USERNAME_LENGTH = 64;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
/** How long a create's idempotency key is honoured. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;
export const PERMISSIONS = ['private', 'public', 'shared'] as const;
export const SEARCH_MODES = ['hybrid', 'vector', 'keyword'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];
export const DUPLICATE_CHOICES = ['keep', 'skip', 'supersede'] as const;
/** How many memories one write may replace. */
export const MAX_SUPERSEDES = 20;
export type Permission = (typeof PERMISSIONS)[number];
/**
 * The orders a list can come in: newest first (by creation), oldest first,
 * or most recently edited first. Each is total: ties are broken by id.
 */
export const LIST_ORDERS = ['newest', 'oldest', 'updated'] as const;
export type ListOrder = (typeof LIST_ORDERS)[number];

/**
 * A string field that refuses NUL characters and unpaired surrogates (see
 * `safe-text.ts`), with `name` in its messages. Every string of every
 * operation's input is one, so nothing the database cannot hold gets past
 * the schema.
 */
export function safeString(name: string) {
  return z
    .string({ error: `${name} must be a string` })
    .refine(isSafeText, { error: `${name} ${UNSAFE_TEXT_MESSAGE}` });
}

/** A memory's text: 1–10,000 characters once trimmed. */
export const text = safeString('text')
  .max(MAX_TEXT_LENGTH, { error: `text must be at most ${MAX_TEXT_LENGTH} characters` })
  .transform((value) => value.trim())
  .refine((value) => value.length > 0, { error: 'text must not be empty' })
  .meta({ description: `The memory, 1–${MAX_TEXT_LENGTH} characters (trimmed).` });

export const permission = z
  .enum(PERMISSIONS, { error: 'permission must be "private", "public" or "shared"' })
  .meta({
    description:
      '"private" (only you), "public" (anyone signed in may read it) or "shared" (only the people and groups you share it with; see share_memory).',
  });

/** Whose memories a list or search covers; see `visibility.ts`. */
export const scopeInput = z
  .enum(SCOPES, { error: 'scope must be "own", "shared" or "all"' })
  .default('own')
  .meta({
    description:
      '"own" (your memories, the default), "shared" (memories others shared with you) or "all" (both). Ignored with username.',
  });

const tag = z
  .string({ error: 'each tag must be a string' })
  .refine(isSafeText, { error: `tags ${UNSAFE_TEXT_MESSAGE}` })
  .max(MAX_TAG_LENGTH, { error: `each tag must be at most ${MAX_TAG_LENGTH} characters` })
  .transform((value) => value.trim())
  .refine((value) => value.length > 0, { error: 'tags must not be empty' });

/** A memory's tags: at most 20, each 1–50 characters; duplicates dropped. */
export const tags = z
  .array(tag, { error: 'tags must be a list of strings' })
  .max(MAX_TAGS, { error: `at most ${MAX_TAGS} tags` })
  .transform((values) => [...new Set(values)]);

/** The first and last instants a date may name: years 0001–9999, what RFC 3339 and PostgreSQL both hold. */
export const MIN_DATE = new Date('0001-01-01T00:00:00.000Z');
export const MAX_DATE = new Date('9999-12-31T23:59:59.999Z');

/** True for a valid Date within {@link MIN_DATE}…{@link MAX_DATE}. */
export function inDateRange(value: Date): boolean {
  const time = value.getTime();
  return !Number.isNaN(time) && time >= MIN_DATE.getTime() && time <= MAX_DATE.getTime();
}

/**
 * A point in time: on the wire an RFC 3339 date-time with an offset, years
 * 0001–9999 (RFC 3339's grammar allows year 0000, which PostgreSQL has no
 * name for); in code a Date. JSON Schema sees the wire form.
 */
export const dateTime = z
  .union([z.date(), z.iso.datetime({ offset: true }).transform((value) => new Date(value))], {
    error: 'must be a date-time (RFC 3339, e.g. 2030-01-31T12:00:00Z)',
  })
  .refine(inDateRange, { error: 'must be a date-time between the years 0001 and 9999' })
  .meta({ type: 'string', format: 'date-time' });

const username = safeString('username').max(MAX_USERNAME_LENGTH, {
  error: `username must be at most ${MAX_USERNAME_LENGTH} characters`,
});

const limit = (fallback: number) =>
  z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be between 1 and 100')
    .max(100, 'limit must be between 1 and 100')
    .default(fallback);

const supersedes = z
  .array(safeString('supersedes').max(100, { error: 'supersedes holds memory ids' }), {
    error: 'supersedes must be a list of memory ids',
  })
  .max(MAX_SUPERSEDES, { error: `supersedes holds at most ${MAX_SUPERSEDES} ids` })
  .transform((values) => [...new Set(values.map((value) => value.toLowerCase()))]);

export const createMemoryInput = z.strictObject({
  text,
  permission: permission.default('private'),
  tags: tags.default([]).meta({ description: 'Labels for filtering; duplicates are dropped.' }),
  expiresAt: dateTime.nullish().meta({
    description: 'When the memory is forgotten; never when null or absent. In the future.',
  }),
  idempotencyKey: z
    .string({ error: 'idempotencyKey must be a string' })
    .min(1, { error: 'idempotencyKey must not be empty' })
    .max(MAX_IDEMPOTENCY_KEY_LENGTH, {
      error: `idempotencyKey must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
    })
    .regex(/^[\x20-\x7e]+$/, { error: 'idempotencyKey must be printable ASCII' })
    .optional()
    .meta({
      description:
        'A unique value (e.g. a UUID) chosen by the client for this create. Retrying with the same key and the same input returns the memory the first attempt made instead of storing a duplicate; the same key with a different input is refused. Honoured for 24 hours.',
    }),
  onDuplicate: z
    .enum(DUPLICATE_CHOICES, { error: 'onDuplicate must be "keep", "skip" or "supersede"' })
    .default('keep')
    .meta({
      description:
        'When the text nearly repeats one of your memories (listed in the result\'s duplicates): "keep" (default) stores it anyway, "skip" stores nothing and returns the closest existing memory, "supersede" stores it and marks the near-duplicates as replaced by it.',
    }),
  supersedes: supersedes.default([]).meta({
    description:
      'Ids of your memories this one replaces: they stay readable (with their history and a link to this one) but leave search and persona answers.',
  }),
});
export type CreateMemoryInput = z.input<typeof createMemoryInput>;

/** The fields an edit may change; at least one of them (checked by {@link updateMemoryInput}). */
export const updateMemoryFields = z.strictObject({
  text: text.optional().meta({ description: 'The new text; unchanged when absent.' }),
  tags: tags
    .optional()
    .meta({ description: 'The new tags, replacing the old ones; unchanged when absent.' }),
  expiresAt: dateTime
    .nullish()
    .meta({ description: 'The new expiry; null to never expire; unchanged when absent.' }),
  supersedes: supersedes.optional().meta({
    description:
      'Ids of your memories this one replaces: they leave search and persona answers and link to this one.',
  }),
});
export const updateMemoryInput = updateMemoryFields.refine(
  (value) => Object.values(value).some((field) => field !== undefined),
  { error: 'nothing to update: give text, tags, expiresAt or supersedes' },
);
export type UpdateMemoryInput = z.input<typeof updateMemoryInput>;

export const listMemoriesInput = z.strictObject({
  limit: limit(20).meta({ description: 'Page size, 1–100.' }),
  cursor: safeString('cursor')
    .max(200, { error: 'cursor is not one this server handed out' })
    .optional()
    .meta({ description: 'The next cursor of the previous page.' }),
  permission: permission.optional().meta({ description: 'Only memories with this permission.' }),
  tag: tag.optional().meta({ description: 'Only memories with this tag.' }),
  username: username.optional().meta({
    description:
      "List this user's memories you may read instead: public ones and those shared with you (all of them when it is you).",
  }),
  scope: scopeInput,
  createdAfter: dateTime
    .optional()
    .meta({ description: 'Only memories created at or after this time.' }),
  createdBefore: dateTime
    .optional()
    .meta({ description: 'Only memories created before this time.' }),
  sort: z
    .enum(LIST_ORDERS, { error: 'sort must be "newest", "oldest" or "updated"' })
    .default('newest')
    .meta({
      description:
        '"newest" (by creation, the default), "oldest", or "updated" (most recently edited first). A cursor only continues the order it came from.',
    }),
});
export type ListMemoriesInput = z.input<typeof listMemoriesInput>;

export const searchMemoriesInput = z.strictObject({
  query: safeString('query')
    .max(MAX_QUERY_LENGTH, { error: `query must be at most ${MAX_QUERY_LENGTH} characters` })
    .transform((value) => value.trim())
    .refine((value) => value.length > 0, { error: 'query must not be empty' })
    .meta({ description: 'What to look for, in natural language.' }),
  limit: limit(10).meta({ description: 'At most this many results, 1–100.' }),
  minSimilarity: z.coerce
    .number({ error: 'minSimilarity must be a number' })
    .min(-1, 'minSimilarity must be between -1 and 1')
    .max(1, 'minSimilarity must be between -1 and 1')
    .optional()
    .meta({
      description:
        'Only results at least this similar (-1 to 1). When absent nothing is dropped: results below the model default are returned ranked and marked "weak".',
    }),
  mode: z
    .enum(SEARCH_MODES, { error: 'mode must be "hybrid", "vector" or "keyword"' })
    .default('hybrid')
    .meta({
      description:
        '"hybrid" (default): meaning and exact words together; "vector": meaning only; "keyword": exact words only (names, numbers).',
    }),
  prefer: z
    .enum(['recent'], { error: 'prefer must be "recent"' })
    .optional()
    .meta({ description: '"recent": among comparably relevant memories, newer ones first.' }),
  includeSuperseded: z
    .boolean({ error: 'includeSuperseded must be true or false' })
    .default(false)
    .meta({ description: 'Also memories that a newer memory replaced (hidden by default).' }),
  username: username.optional().meta({
    description:
      "Search this user's memories you may read instead of yours: public ones and those shared with you.",
  }),
  scope: scopeInput,
  permission: permission.optional().meta({ description: 'Only memories with this permission.' }),
  tags: tags.optional().meta({ description: 'Only memories carrying all of these tags.' }),
});
export type SearchMemoriesInput = z.input<typeof searchMemoriesInput>;

export const permissionInput = permission;

export const personaInput = z.strictObject({
  username: username
    .trim()
    .min(1, 'username is required')
    .meta({ description: 'The username of the person to ask.' }),
  question: safeString('question')
    .max(MAX_QUERY_LENGTH, { error: `question must be at most ${MAX_QUERY_LENGTH} characters` })
    .trim()
    .min(1, 'question must not be empty')
    .meta({ description: 'The question, as you would ask them.' }),
});
export type PersonaInput = z.input<typeof personaInput>;

/** Parses `input` with `schema`, turning the first problem into a {@link ValidationError}. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const unknown = issue.keys[0]!;
    const expected = Object.keys(objectShape(schema) ?? {});
    // The name is quoted back only when it is plain (it may carry anything).
    throw new ValidationError(
      `unknown field ${quotableName(unknown)}; expected ${expected.map((field) => `"${field}"`).join(', ')}`,
      isSafeText(unknown) ? unknown.slice(0, 64) : undefined,
    );
  }
  const field = issue.path.map(String).join('.') || undefined;
  const given = issue.path.reduce<unknown>(
    (value, key) => (value as Record<PropertyKey, unknown> | undefined)?.[key],
    input,
  );
  const message =
    issue.code === 'invalid_type' && given === undefined && field
      ? `${field} is required`
      : field && !issue.message.startsWith(field.split('.')[0]!)
        ? `${field}: ${issue.message}`
        : issue.message;
  throw new ValidationError(message, field);
}

/** The fields of an object schema (through refinements), or undefined for other schemas. */
export function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  return schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : undefined;
}
