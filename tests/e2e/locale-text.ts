import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from '../../server/src/project-root.js';

export type TestLanguage = 'ar' | 'fr';

/**
 * The interface text of a language, read from the app's own translation files, so a journey runs
 * unchanged in Arabic and French: `text('admin.users.create')`, with `{{name}}` values filled in.
 */
export function localeText(language: TestLanguage): (key: string, values?: Record<string, string>) => string {
  const messages = JSON.parse(readFileSync(join(findProjectRoot(), 'web', 'src', 'locales', `${language}.json`), 'utf8')) as Record<string, unknown>;
  return (key, values = {}) => {
    const found = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
    if (typeof found !== 'string') throw new Error(`no ${language} text for ${key}`);
    return found.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');
  };
}

export const BROWSER_LOCALES: Record<TestLanguage, string> = { ar: 'ar-MA', fr: 'fr-MA' };
