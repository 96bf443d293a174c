import { z } from 'zod';
import { ValidationError } from '../domain-errors.js';

/**
 * The domain's rules for memory input, shared by every surface. Surfaces may
 * check shapes first, but these rules are enforced here, before anything is
 * written.
 */

export const MAX_TEXT_LENGTH = 10_000;
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 50;
export const PERMISSIONS = ['private', 'public'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const text = z
  .string({ error: 'text must be a string' })
  .transform((value) => value.trim())
  .refine((value) => value.length > 0, { error: 'text must not be empty' })
  .refine((value) => value.length <= MAX_TEXT_LENGTH, {
    error: `text must be at most ${MAX_TEXT_LENGTH} characters`,
  });

const permission = z.enum(PERMISSIONS, { error: 'permission must be "private" or "public"' });

const tag = z
  .string({ error: 'each tag must be a string' })
  .transform((value) => value.trim())
  .refine((value) => value.length > 0, { error: 'tags must not be empty' })
  .refine((value) => value.length <= MAX_TAG_LENGTH, {
    error: `each tag must be at most ${MAX_TAG_LENGTH} characters`,
  });

const tags = z
  .array(tag, { error: 'tags must be a list of strings' })
  .max(MAX_TAGS, { error: `at most ${MAX_TAGS} tags` })
  .transform((values) => [...new Set(values)]);

// On the wire a date is an ISO 8601 string; the meta tells JSON Schema (OpenAPI) so.
const date = z.coerce
  .date({ error: 'must be a date-time' })
  .meta({ type: 'string', format: 'date-time' });

export const createMemoryInput = z.object({
  text,
  permission: permission.default('private'),
  tags: tags.default([]),
  expiresAt: date.nullish(),
});
export type CreateMemoryInput = z.input<typeof createMemoryInput>;

export const updateMemoryInput = z
  .object({ text: text.optional(), tags: tags.optional(), expiresAt: date.nullish() })
  .refine((value) => Object.values(value).some((field) => field !== undefined), {
    error: 'nothing to update: give text, tags or expiresAt',
  });
export type UpdateMemoryInput = z.input<typeof updateMemoryInput>;

export const listMemoriesInput = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be between 1 and 100')
    .max(100, 'limit must be between 1 and 100')
    .default(20),
  cursor: z.string().optional(),
  permission: permission.optional(),
  tag: tag.optional(),
  /** List this user's public memories; one's own (all of them) when absent. */
  username: z.string({ error: 'username must be a string' }).optional(),
  createdAfter: date.optional(),
  createdBefore: date.optional(),
});
export type ListMemoriesInput = z.input<typeof listMemoriesInput>;

export const searchMemoriesInput = z.object({
  query: z
    .string({ error: 'query must be a string' })
    .transform((value) => value.trim())
    .refine((value) => value.length > 0, { error: 'query must not be empty' })
    .refine((value) => value.length <= 2_000, { error: 'query must be at most 2000 characters' }),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be between 1 and 100')
    .max(100, 'limit must be between 1 and 100')
    .default(10),
  minSimilarity: z.coerce
    .number({ error: 'minSimilarity must be a number' })
    .min(-1, 'minSimilarity must be between -1 and 1')
    .max(1, 'minSimilarity must be between -1 and 1')
    .optional(),
  /** Search this user's public memories; one's own (all of them) when absent. */
  username: z.string().optional(),
  permission: permission.optional(),
  tags: tags.optional(),
});
export type SearchMemoriesInput = z.input<typeof searchMemoriesInput>;

export const permissionInput = permission;

/** Parses `input` with `schema`, turning the first problem into a {@link ValidationError}. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
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
