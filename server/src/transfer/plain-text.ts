import { text as textRules } from '../memories/memory-input.js';
import type { ImportCandidate, LineProblem, ParsedFile } from './import-candidate.js';
import { lineProblem } from './line-problem.js';

const LIST_ITEM = /^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+(.*)$/;
const HEADING = /^\s{0,3}#{1,6}(\s|$)/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;

/**
 * Plain text or Markdown: one memory per paragraph (lines separated by a
 * blank line) or per list item (`-`, `*`, `+`, `1.`; indented lines continue
 * the item). Headings, horizontal rules and a leading YAML front matter block
 * are not memories and are left out.
 */
export function parsePlainText(content: string): ParsedFile {
  const lines = content.split(/\r?\n/);
  const blocks: { line: number; lines: string[] }[] = [];
  let current: { line: number; lines: string[] } | undefined;
  const close = () => {
    if (current) blocks.push(current);
    current = undefined;
  };
  let start = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.indexOf('---', 1);
    if (end > 0) start = end + 1;
  }
  for (let index = start; index < lines.length; index++) {
    const raw = lines[index]!;
    const number = index + 1;
    if (raw.trim() === '' || HEADING.test(raw) || RULE.test(raw)) {
      close();
      continue;
    }
    const item = LIST_ITEM.exec(raw);
    if (item) {
      close();
      current = { line: number, lines: [item[1]!] };
    } else if (current) {
      current.lines.push(raw.trim());
    } else {
      current = { line: number, lines: [raw.trim()] };
    }
  }
  close();

  const candidates: ImportCandidate[] = [];
  const problems: LineProblem[] = [];
  for (const block of blocks) {
    const parsed = textRules.safeParse(block.lines.join('\n'));
    if (!parsed.success) {
      problems.push(lineProblem(block.line, parsed.error));
      continue;
    }
    candidates.push({
      line: block.line,
      text: parsed.data,
      permission: 'private',
      tags: [],
      expiresAt: null,
      identity: 'text',
    });
  }
  return { candidates, problems };
}
