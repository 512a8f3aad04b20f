import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** What a failing page is reported as: the rule, its impact, and the elements that break it. */
export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

// WCAG 2.0/2.1 A and AA, which is what "colour contrast AA" and "accessible names" ask for.
const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core inside the page (plain JavaScript, so playwright-core needs no plugin)
 * and returns the serious and critical violations of WCAG 2 AA, colour contrast included.
 */
export async function findAccessibilityViolations(page: Page): Promise<AxeFinding[]> {
  // Evaluated through the DevTools protocol rather than a <script> tag, which the app's CSP refuses.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const results = await page.evaluate(
    (tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG_AA_TAGS,
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes.map((node) => `${node.target.join(' ')} — ${node.failureSummary ?? ''}`.replace(/\s+/g, ' ')),
    }));
}
