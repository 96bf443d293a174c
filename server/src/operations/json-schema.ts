import { z } from 'zod';

export type JsonSchema = { [key: string]: unknown };

/**
 * The JSON Schema (2020-12, OpenAPI 3.1's dialect) of one side of a zod
 * schema: `input` for what callers send, `output` for what they get back.
 * Named schemas (`.meta({ id })`) land in `$defs`.
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return visit(json, wireDateTime) as JsonSchema;
}

/** The same schema with every `$ref` into `$defs` replaced by its target (no cycles here). */
export function inlineDefinitions(json: JsonSchema): JsonSchema {
  const { $defs, ...rest } = json as { $defs?: Record<string, JsonSchema> };
  if (!$defs) return json;
  const resolve = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(resolve);
    if (!isObject(node)) return node;
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/$defs/')) {
      const siblings = { ...node };
      delete siblings.$ref;
      return { ...(resolve($defs[ref.slice('#/$defs/'.length)]) as JsonSchema), ...siblings };
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, resolve(value)]));
  };
  return resolve(rest) as JsonSchema;
}

/**
 * Date-time fields accept a Date in code and an RFC 3339 string on the wire;
 * the wire is what a schema describes, so the union collapses to the string.
 */
function wireDateTime(node: JsonSchema): JsonSchema {
  if (node.format !== 'date-time' || !Array.isArray(node.anyOf)) return node;
  const collapsed: JsonSchema = { ...node, type: 'string' };
  delete collapsed.anyOf;
  return collapsed;
}

const isObject = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Applies `change` to every object node, children first. */
export function visit(node: unknown, change: (node: JsonSchema) => JsonSchema): unknown {
  if (Array.isArray(node)) return node.map((item) => visit(item, change));
  if (!isObject(node)) return node;
  return change(
    Object.fromEntries(Object.entries(node).map(([key, value]) => [key, visit(value, change)])),
  );
}
