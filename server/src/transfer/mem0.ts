import { z } from 'zod';
import { dateTime, tags as tagRules, text as textRules } from '../memories/memory-input.js';
import type { ImportCandidate, LineProblem, ParsedFile } from './import-candidate.js';
import { elementLines, isObject, parseJsonLines, type JsonLine } from './json-lines.js';
import { lineProblem } from './line-problem.js';

/**
 * mem0's memories as its `Memory.get_all` returns them (mem0ai/mem0,
 * mem0/memory/main.py, `get_all` and `_get_all_from_vector_store`):
 * `{"results": [{"id","memory","hash","metadata","created_at","updated_at",
 * "user_id"…}]}`, or the bare list older versions (api_version v1.0) return;
 * also accepted as JSON Lines of such objects.
 *
 * Mapping: `memory` → text; `created_at`/`updated_at` → the memory's times;
 * `categories` (mem0's platform) and a string `metadata.category` → tags,
 * plus the tag "mem0"; other fields are left out.
 */
const item = z.object({
  memory: textRules,
  created_at: dateTime.nullish(),
  updated_at: dateTime.nullish(),
  categories: z.array(z.string()).nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});

export function parseMem0(content: string): ParsedFile {
  const located = locate(content);
  if ('problem' in located) return { candidates: [], problems: [located.problem] };
  const problems: LineProblem[] = [...located.problems];
  const candidates: ImportCandidate[] = [];
  for (const { line, value } of located.items) {
    const parsed = item.safeParse(value);
    if (!parsed.success) {
      problems.push(lineProblem(line, parsed.error));
      continue;
    }
    const data = parsed.data;
    const category = data.metadata?.category;
    const tags = tagRules.safeParse([
      ...(data.categories ?? []),
      ...(typeof category === 'string' ? [category] : []),
      'mem0',
    ]);
    if (!tags.success) {
      problems.push(lineProblem(line, tags.error));
      continue;
    }
    const createdAt = data.created_at ?? undefined;
    candidates.push({
      line,
      text: data.memory,
      permission: 'private',
      tags: tags.data,
      expiresAt: null,
      createdAt,
      updatedAt: data.updated_at ?? createdAt,
      identity: `mem0|${createdAt?.toISOString() ?? ''}`,
    });
  }
  return { candidates, problems };
}

/** The memory objects of the file, each with the line it starts on. */
function locate(
  content: string,
): { items: JsonLine[]; problems: LineProblem[] } | { problem: LineProblem } {
  let document: unknown;
  try {
    document = JSON.parse(content);
  } catch {
    // Not one JSON document: JSON Lines, one memory per line.
    const { lines, problems } = parseJsonLines(content);
    return { items: lines, problems };
  }
  const key = Array.isArray(document) ? undefined : 'results';
  const list = Array.isArray(document)
    ? document
    : isObject(document) && Array.isArray(document.results)
      ? document.results
      : undefined;
  if (!list) {
    if (isObject(document) && 'memory' in document)
      return { items: [{ line: 1, value: document }], problems: [] };
    return {
      problem: { line: 1, message: 'expected a list of mem0 memories or {"results": [...]}' },
    };
  }
  const lines = elementLines(content, key);
  return {
    items: list.map((value: unknown, index: number) => ({ line: lines[index] ?? 1, value })),
    problems: [],
  };
}
