import type { Page } from 'playwright-core';

/**
 * Mixed-direction misses on the page: phone numbers and ticket references not isolated
 * left-to-right (in Arabic "+212…" would show as "…212+"), and `userTexts` (what users typed:
 * messages, notes, names, subjects) given neither `dir="auto"` nor their own language's direction, so they would take the interface's
 * direction instead of their own.
 */
export function findDirectionMisses(page: Page, userTexts: string[]): Promise<string[]> {
  return page.evaluate((texts) => {
    const misses: string[] = [];
    const numberPattern = /\+\d{8,15}|\bT-\d{4}-\d{6}\b/g;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent ?? '';
      if (!parent || parent.closest('script, style, option, textarea, [hidden], [aria-hidden="true"]')) continue;
      const described = `<${parent.tagName.toLowerCase()}${parent.className ? `.${parent.className}` : ''}> "${text.trim().slice(0, 60)}"`;
      for (const match of text.match(numberPattern) ?? []) {
        // The number must sit in an element of its own that is left to right.
        const isolated = parent.closest('[dir]');
        if (isolated?.getAttribute('dir') !== 'ltr' || (isolated.textContent ?? '').trim().length > match.length + 2) misses.push(`number not isolated LTR: ${match} in ${described}`);
      }
      for (const userText of texts) {
        if (!text.includes(userText)) continue;
        // dir="auto", or the direction of the text's own declared language (an article's lang and dir).
        const directed = parent.closest('[dir]');
        if (directed?.getAttribute('dir') !== 'auto' && !(directed?.hasAttribute('lang') && directed !== document.documentElement)) misses.push(`user text without dir="auto": ${described}`);
      }
    }
    return misses;
  }, userTexts);
}
