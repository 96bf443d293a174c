import { bundleEnd, bundleHeader, bundleMemory, BUNDLE_FORMAT } from './bundle-format.js';
import type { ImportCandidate, LineProblem, ParsedFile } from './import-candidate.js';
import { isObject, parseJsonLines } from './json-lines.js';
import { lineProblem } from './line-problem.js';

/**
 * Reads a Picard bundle (see bundle-format.ts): the header, one memory per
 * line with its history and, when exported with them, its embedding, and the
 * end line that proves the file complete.
 */
export function parsePicardBundle(content: string): ParsedFile {
  const { lines, problems } = parseJsonLines(content);
  const candidates: ImportCandidate[] = [];
  const [first, ...rest] = lines;
  const lastLine = content.split(/\r?\n/).length;
  if (!first)
    return { candidates, problems: [...problems, { line: 1, message: 'the file is empty' }] };
  const header = bundleHeader.safeParse(first.value);
  if (!header.success) {
    problems.push(
      isObject(first.value) && first.value.format === BUNDLE_FORMAT
        ? lineProblem(first.line, header.error)
        : { line: first.line, message: `the first line must be the ${BUNDLE_FORMAT} header` },
    );
  }
  let end: { line: number; memories: number } | undefined;
  for (const { line, value } of rest) {
    if (end) {
      problems.push({ line, message: `nothing may follow the end line (line ${end.line})` });
      continue;
    }
    if (isObject(value) && value.type === 'end') {
      const parsed = bundleEnd.safeParse(value);
      if (!parsed.success) problems.push(lineProblem(line, parsed.error));
      else end = { line, memories: parsed.data.memories };
      continue;
    }
    const parsed = bundleMemory.safeParse(value);
    if (!parsed.success) {
      problems.push(
        isObject(value) && value.type !== 'memory'
          ? { line, message: 'type must be "memory" or "end"' }
          : lineProblem(line, parsed.error),
      );
      continue;
    }
    const memory = parsed.data;
    const historyProblem = checkHistory(line, memory.version, memory.history);
    if (historyProblem) {
      problems.push(historyProblem);
      continue;
    }
    candidates.push({
      line,
      text: memory.text,
      permission: memory.permission,
      tags: memory.tags,
      expiresAt: memory.expiresAt,
      createdAt: memory.createdAt,
      updatedAt: memory.updatedAt,
      version: memory.version,
      history: memory.history,
      embedding: memory.embedding,
      identity: `picard|${memory.createdAt.toISOString()}`,
    });
  }
  if (!end) {
    problems.push({ line: lastLine, message: 'the file has no end line: it was cut short' });
  } else if (end.memories !== rest.length - 1) {
    problems.push({
      line: end.line,
      message: `the end line counts ${end.memories} memories but the file holds ${rest.length - 1}`,
    });
  }
  return { candidates, problems };
}

/** History versions are distinct and older than the memory's own version. */
function checkHistory(
  line: number,
  version: number,
  history: { version: number }[],
): LineProblem | undefined {
  const seen = new Set<number>();
  for (const earlier of history) {
    if (earlier.version >= version || seen.has(earlier.version)) {
      return {
        line,
        message: `history: version ${earlier.version} is repeated or not older than version ${version}`,
      };
    }
    seen.add(earlier.version);
  }
  return undefined;
}
