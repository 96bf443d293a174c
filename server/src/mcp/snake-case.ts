import { visit, type JsonSchema } from '../operations/json-schema.js';

/**
 * MCP speaks snake_case, arguments and results alike; REST speaks camelCase.
 * The operation catalogue is written in camelCase and these functions derive
 * the MCP spelling mechanically, so the two can never drift.
 */

export const snakeCase = (name: string): string =>
  name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** `value` with every object key in snake_case (values are left alone). */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [snakeCase(key), snakeKeys(item)]),
  );
}

/** A JSON Schema whose property names (and `required` lists) are in snake_case. */
export function snakeSchema(schema: JsonSchema): JsonSchema {
  return visit(schema, (node) => {
    const properties = node.properties as Record<string, unknown> | undefined;
    if (!properties || typeof properties !== 'object') return node;
    return {
      ...node,
      properties: Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [snakeCase(key), value]),
      ),
      ...(Array.isArray(node.required)
        ? { required: (node.required as string[]).map(snakeCase) }
        : {}),
    };
  }) as JsonSchema;
}

/** `message` with each of `fields` (camelCase) spelt in snake_case. */
export function snakeFieldNames(message: string, fields: readonly string[]): string {
  return fields.reduce(
    (text, field) => text.replace(new RegExp(`\\b${field}\\b`, 'g'), snakeCase(field)),
    message,
  );
}
