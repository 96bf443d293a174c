import { inSpan, SpanKind, tracingEnabled } from './tracing.js';

/** The statement's first keyword (SELECT, INSERT…): what a span may say about SQL. */
export function sqlOperation(text: unknown): string {
  const keyword = /^\s*([A-Za-z]+)/.exec(typeof text === 'string' ? text : '')?.[1];
  return keyword ? keyword.toUpperCase() : 'QUERY';
}

/**
 * Wraps an object's promise-returning `query(text, …)` method so that each
 * call (Prisma's and ours) is a client span with the database system and the
 * statement's keyword only: no SQL text, no parameters. Callback and
 * submittable forms (node-postgres internals) pass through untouched, and
 * nothing is wrapped while tracing is off.
 */
export function traceQueries<T extends { query: (...args: never[]) => unknown }>(
  target: T,
  system: 'postgresql',
): T {
  if (!tracingEnabled()) return target;
  const original = target.query.bind(target) as (...args: unknown[]) => unknown;
  (target as { query: unknown }).query = (...args: unknown[]) => {
    const [first] = args;
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text;
    const submittable = typeof (first as { submit?: unknown } | null)?.submit === 'function';
    if (submittable || typeof args.at(-1) === 'function') return original(...args);
    const operation = sqlOperation(text);
    return inSpan(
      `db ${operation}`,
      { 'db.system.name': system, 'db.operation.name': operation },
      async () => original(...args),
      SpanKind.CLIENT,
    );
  };
  return target;
}
