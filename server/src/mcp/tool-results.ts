import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { DomainError } from '../domain-errors.js';
import type { Logger } from '../logger.js';

/** Domain field names as the tools spell them, so error messages name what the model sent. */
const TOOL_FIELD_NAMES: [RegExp, string][] = [
  [/\bexpiresAt\b/g, 'expires_at'],
  [/\bminSimilarity\b/g, 'similarity_threshold'],
  [/\bcreatedAfter\b/g, 'created_after'],
  [/\bcreatedBefore\b/g, 'created_before'],
];

export function toolFieldNames(message: string): string {
  return TOOL_FIELD_NAMES.reduce((text, [pattern, name]) => text.replace(pattern, name), message);
}

/** A successful result: the data as JSON text (for any client) and as structured content. */
export function jsonResult(data: Record<string, unknown>): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(data, null, 2) }],
    structuredContent: data,
  };
}

export function errorResult(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/**
 * Runs a tool: the caller's mistakes (bad input, not found, conflicts) come
 * back as `isError` results the model can read and act on; anything else is
 * logged and reported without details.
 */
export async function runTool(
  logger: Logger,
  tool: string,
  run: () => Promise<CallToolResult>,
): Promise<CallToolResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError) return errorResult(toolFieldNames(error.message));
    logger.error({ err: error, tool }, 'tool failed');
    return errorResult('Something went wrong on the server; try again later.');
  }
}
