import { ValidationError } from '../errors/domain-errors.js';
import { inDateRange } from './memory-input.js';

/** Position after the last item of a page, in (createdAt desc, id desc) order. */
export interface ListCursor {
  createdAt: Date;
  id: string;
}

/** Opaque to clients: base64url JSON. */
export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString(
    'base64url',
  );
}

export function decodeCursor(value: string): ListCursor {
  try {
    const [createdAt, id] = JSON.parse(
      Buffer.from(value, 'base64url').toString('utf8'),
    ) as unknown[];
    // Only what encodeCursor writes: an ISO instant within years 0001–9999
    // (anything else could name a time PostgreSQL cannot hold) and a UUID.
    if (typeof createdAt !== 'string' || !ISO_INSTANT.test(createdAt)) throw new Error();
    const date = new Date(createdAt);
    if (!inDateRange(date) || typeof id !== 'string' || !UUID.test(id)) throw new Error();
    return { createdAt: date, id };
  } catch {
    throw new ValidationError('cursor is not one this server handed out', 'cursor');
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The `where` clause for rows after `cursor` in (createdAt desc, id desc) order. */
export function afterCursor(cursor: string | undefined) {
  if (!cursor) return {};
  const after = decodeCursor(cursor);
  return {
    OR: [
      { createdAt: { lt: after.createdAt } },
      { createdAt: after.createdAt, id: { lt: after.id } },
    ],
  };
}

/**
 * One page from `rows`, fetched with `take: limit + 1`: the extra row only
 * says whether there is a next page.
 */
export function toPage<Row extends ListCursor, Item>(
  rows: Row[],
  limit: number,
  present: (row: Row) => Item,
): { items: Item[]; nextCursor?: string } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(present),
    ...(rows.length > limit && last
      ? { nextCursor: encodeCursor({ createdAt: last.createdAt, id: last.id }) }
      : {}),
  };
}
