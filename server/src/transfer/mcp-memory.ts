import { z } from 'zod';
import { tags as tagRules, text as textRules } from '../memories/memory-input.js';
import type { ImportCandidate, ParsedFile } from './import-candidate.js';
import { isObject, parseJsonLines } from './json-lines.js';
import { lineProblem } from './line-problem.js';

/**
 * The reference MCP memory server's `memory.jsonl` (npm
 * `@modelcontextprotocol/server-memory`, `KnowledgeGraphManager.saveGraph` in
 * src/memory/index.ts of modelcontextprotocol/servers): one JSON object per
 * line, `{"type":"entity","name","entityType","observations":[…]}` or
 * `{"type":"relation","from","to","relationType"}`.
 *
 * Mapping (README, "Export and import"):
 * - each observation → a memory "<name>: <observation>", tagged with the
 *   entity's name and type;
 * - an entity without observations → a memory "<name> (<entityType>)", same tags;
 * - each relation → a memory "<from> <relationType> <to>" (underscores read as
 *   spaces), tagged with both entity names and "relation".
 */
const entity = z.object({
  type: z.literal('entity'),
  name: z.string().min(1, { error: 'name must not be empty' }),
  entityType: z.string().min(1, { error: 'entityType must not be empty' }),
  observations: z.array(z.string()),
});
const relation = z.object({
  type: z.literal('relation'),
  from: z.string().min(1, { error: 'from must not be empty' }),
  to: z.string().min(1, { error: 'to must not be empty' }),
  relationType: z.string().min(1, { error: 'relationType must not be empty' }),
});
const memory = z.object({ text: textRules, tags: tagRules });

export function parseMcpMemory(content: string): ParsedFile {
  const { lines, problems } = parseJsonLines(content);
  const candidates: ImportCandidate[] = [];
  for (const { line, value } of lines) {
    const kind = isObject(value) ? value.type : undefined;
    const drafts: { text: string; tags: string[] }[] = [];
    if (kind === 'entity') {
      const parsed = entity.safeParse(value);
      if (!parsed.success) {
        problems.push(lineProblem(line, parsed.error));
        continue;
      }
      const { name, entityType, observations } = parsed.data;
      const tags = [name, entityType];
      if (observations.length === 0) drafts.push({ text: `${name} (${entityType})`, tags });
      for (const observation of observations)
        drafts.push({ text: `${name}: ${observation}`, tags });
    } else if (kind === 'relation') {
      const parsed = relation.safeParse(value);
      if (!parsed.success) {
        problems.push(lineProblem(line, parsed.error));
        continue;
      }
      const { from, to, relationType } = parsed.data;
      drafts.push({
        text: `${from} ${relationType.replaceAll('_', ' ')} ${to}`,
        tags: [from, to, 'relation'],
      });
    } else {
      problems.push({ line, message: 'type must be "entity" or "relation"' });
      continue;
    }
    for (const draft of drafts) {
      const checked = memory.safeParse(draft);
      if (!checked.success) {
        problems.push(lineProblem(line, checked.error));
        continue;
      }
      candidates.push({
        line,
        ...checked.data,
        permission: 'private',
        expiresAt: null,
        identity: 'mcp-memory',
      });
    }
  }
  return { candidates, problems };
}
