import { BUNDLE_FORMAT } from './bundle-format.js';
import type { ImportFormat, ParsedFile } from './import-candidate.js';
import { isObject } from './json-lines.js';
import { parseMcpMemory } from './mcp-memory.js';
import { parseMem0 } from './mem0.js';
import { parsePicardBundle } from './picard-bundle.js';
import { parsePlainText } from './plain-text.js';

export const PARSERS: Record<ImportFormat, (content: string) => ParsedFile> = {
  picard: parsePicardBundle,
  'mcp-memory': parseMcpMemory,
  mem0: parseMem0,
  text: parsePlainText,
};

/**
 * The format of a file, from its first line: a Picard bundle header, an MCP
 * memory entity or relation, a JSON list or object (mem0), or else text.
 */
export function detectFormat(content: string): ImportFormat {
  const firstLine =
    content
      .split(/\r?\n/)
      .find((line) => line.trim() !== '')
      ?.trim() ?? '';
  let first: unknown;
  try {
    first = JSON.parse(firstLine);
  } catch {
    first = undefined;
  }
  if (isObject(first) && first.format === BUNDLE_FORMAT) return 'picard';
  if (isObject(first) && (first.type === 'entity' || first.type === 'relation')) {
    return 'mcp-memory';
  }
  if (firstLine.startsWith('[') || firstLine.startsWith('{')) return 'mem0';
  return 'text';
}
