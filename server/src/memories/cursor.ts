import { ValidationError } from '../errors/domain-errors.js';
import { inDateRange, type ListOrder } from './memory-input.js';

export type { ListOrder };

/** Position after the last item of a page: its sort key and id, in `order`. */
export interface ListCursor {
  at: Date;
  id: string;
  order: ListOrder;
}

/** A row that can be paged: both times, so any order can take its key. */
export interface PageableRow {
  id: string;
  createdAt: Date;
  updatedAt?: Date;
}

/**
 * Opaque to clients: base64url JSON. Cursors of the default order keep the
 * two-element form they always had, so cursors handed out before orders
 * existed stay valid.
 */
export function encodeCursor(cursor: ListCursor): string {
  const parts: unknown[] = [cursor.at.toISOString(), cursor.id];
  if (cursor.order !== 'newest') parts.push(cursor.order);
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** The cursor, refused unless it is one this server wrote for the same `order`. */
export function decodeCursor(value: string, order: ListOrder = 'newest'): ListCursor {
  try {
    const [at, id, written = 'newest', ...rest] = JSON.parse(
      Buffer.from(value, 'base64url').toString('utf8'),
    ) as unknown[];
    // Only what encodeCursor writes: an ISO instant within years 0001–9999
    // (anything else could name a time PostgreSQL cannot hold) and a UUID.
    if (typeof at !== 'string' || !ISO_INSTANT.test(at) || rest.length > 0) throw new Error();
    const date = new Date(at);
    if (!inDateRange(date) || typeof id !== 'string' || !UUID.test(id)) throw new Error();
    // A cursor of another order would skip or repeat items: refuse it.
    if (written !== order) throw new Error();
    return { at: date, id, order };
  } catch {
    throw new ValidationError('cursor is not one this server handed out', 'cursor');
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const sortColumn = (order: ListOrder) => (order === 'updated' ? 'updatedAt' : 'createdAt');
const direction = (order: ListOrder) => (order === 'oldest' ? 'asc' : 'desc');

/** The Prisma `orderBy` for `order`. */
export function orderByFor(order: ListOrder = 'newest') {
  const column = sortColumn(order);
  const dir = direction(order);
  return [{ [column]: dir }, { id: dir }] as { createdAt?: 'asc' | 'desc'; id: 'asc' | 'desc' }[];
}

/** The `where` clause for rows after `cursor` in `order`. */
export function afterCursor(cursor: string | undefined, order: ListOrder = 'newest') {
  if (!cursor) return {};
  const after = decodeCursor(cursor, order);
  const column = sortColumn(order);
  const beyond = direction(order) === 'asc' ? 'gt' : 'lt';
  return {
    OR: [{ [column]: { [beyond]: after.at } }, { [column]: after.at, id: { [beyond]: after.id } }],
  };
}

/**
 * One page from `rows`, fetched with `take: limit + 1`: the extra row only
 * says whether there is a next page.
 */
export function toPage<Row extends PageableRow, Item>(
  rows: Row[],
  limit: number,
  present: (row: Row) => Item,
  order: ListOrder = 'newest',
): { items: Item[]; nextCursor?: string } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const at = last && (order === 'updated' ? (last.updatedAt ?? last.createdAt) : last.createdAt);
  return {
    items: page.map(present),
    ...(rows.length > limit && last && at
      ? { nextCursor: encodeCursor({ at, id: last.id, order }) }
      : {}),
  };
}
