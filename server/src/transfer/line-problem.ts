import type { z } from 'zod';
import type { LineProblem } from './import-candidate.js';

/** The first issue of a failed parse, as a problem on `line` naming the field at fault. */
export function lineProblem(line: number, error: z.ZodError): LineProblem {
  const issue = error.issues[0]!;
  const field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    return { line, message: `unknown field "${String(issue.keys[0]).slice(0, 64)}"` };
  }
  const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
  if (missing && field) return { line, message: `${field} is required` };
  const message =
    field && !issue.message.startsWith(field) ? `${field}: ${issue.message}` : issue.message;
  return { line, message };
}
