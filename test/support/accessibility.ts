import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * The serious and critical accessibility violations axe-core finds on the
 * page (WCAG 2.x A and AA rules), as readable lines. Evaluated through the
 * browser's debugging protocol, which the pages' `script-src 'none'` does
 * not govern, so the pages are checked exactly as they are served.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const result = (await page.evaluate(
    `${AXE}\n;axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })`,
  )) as { violations: AxeViolation[] };
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${page.url()}: ${violation.id} (${violation.help}) at ${violation.nodes
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
}
