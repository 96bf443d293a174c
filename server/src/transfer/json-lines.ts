import type { LineProblem } from './import-candidate.js';

/** One non-blank line of a JSON Lines file, parsed, with its 1-based line number. */
export interface JsonLine {
  line: number;
  value: unknown;
}

/**
 * Splits JSON Lines (https://jsonlines.org: one JSON value per line, blank
 * lines ignored) into values, reporting each line that is not JSON by number.
 */
export function parseJsonLines(content: string): { lines: JsonLine[]; problems: LineProblem[] } {
  const lines: JsonLine[] = [];
  const problems: LineProblem[] = [];
  content.split(/\r?\n/).forEach((raw, index) => {
    if (raw.trim() === '') return;
    try {
      lines.push({ line: index + 1, value: JSON.parse(raw) });
    } catch {
      problems.push({ line: index + 1, message: 'not valid JSON' });
    }
  });
  return { lines, problems };
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The 1-based line on which each element of the top-level array of a JSON
 * document starts (or of the array under `key` of a top-level object), so a
 * problem in a pretty-printed file names the line a person sees. Strings are
 * skipped properly; the document is known to parse.
 */
export function elementLines(content: string, key?: string): number[] {
  const starts: number[] = [];
  let line = 1;
  let depth = 0;
  /** The depth inside the wanted array; 0 until it is found, -1 once it has closed. */
  let target = 0;
  let expecting = false;
  let lastString = '';
  for (let i = 0; i < content.length; i++) {
    const char = content[i]!;
    if (char === '\n') {
      line += 1;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r' || char === ':') continue;
    if (target > 0 && depth === target) {
      if (char === ',') {
        expecting = true;
        continue;
      }
      if (expecting && char !== ']') starts.push(line);
      expecting = false;
    }
    if (char === '"') {
      // Skip the string, counting no lines (JSON strings hold no raw newlines).
      let end = i + 1;
      while (end < content.length && content[end] !== '"') end += content[end] === '\\' ? 2 : 1;
      if (depth === 1) lastString = content.slice(i + 1, end);
      i = end;
    } else if (char === '[' || char === '{') {
      const wanted =
        char === '[' &&
        target === 0 &&
        (key === undefined ? depth === 0 : depth === 1 && lastString === key);
      depth += 1;
      if (wanted) {
        target = depth;
        expecting = true;
      }
    } else if (char === ']' || char === '}') {
      if (depth === target) target = -1;
      depth -= 1;
    }
  }
  return starts;
}
