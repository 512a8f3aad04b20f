import type { Page } from 'playwright-core';

/**
 * The first few elements of the dashboard wider than the screen, as `TAG.class`; the breakdown,
 * heatmap and chart tables scroll inside their own boxes and are left out.
 */
export function dashboardOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1 || element.getBoundingClientRect().left < -1)
      .filter((element) => !element.closest('.data-table, .heatmap__scroll, .chart__table'))
      .map((element) => `${element.tagName}.${element.className}`)
      .slice(0, 5),
  );
}
