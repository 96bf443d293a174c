/**
 * Text every store can hold. PostgreSQL refuses NUL (U+0000) in `text` and
 * `jsonb` values, and a lone UTF-16 surrogate has no UTF-8 encoding at all
 * (it is silently replaced, or refused inside `jsonb`). Input carrying either
 * is malformed: it is refused at the edge, never handed to the database.
 */

/** Unpaired surrogate halves (a well-formed string has none; ES2024 `isWellFormed`). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `value` has no NUL and no unpaired surrogate. */
export function isSafeText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/** What to tell the caller about a value {@link isSafeText} refuses. */
export const UNSAFE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired surrogates';

/**
 * True when any string in `value` (keys included, at any depth) is unsafe.
 * Depth is bounded: deeper structures count as unsafe rather than being walked.
 */
export function containsUnsafeText(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return !isSafeText(value);
  if (value === null || typeof value !== 'object') return false;
  if (depth > 32) return true;
  if (Array.isArray(value)) return value.some((item) => containsUnsafeText(item, depth + 1));
  return Object.entries(value).some(
    ([key, item]) => !isSafeText(key) || containsUnsafeText(item, depth + 1),
  );
}

/** A name safe to quote back in a message: short and plain, or nothing of it. */
export function quotableName(name: string): string {
  return /^[\w.$-]{1,64}$/.test(name) ? `"${name}"` : '(a name that is not plain text)';
}
