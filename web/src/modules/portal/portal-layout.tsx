import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { LanguageSwitch } from '../ui/language-switch';
import { MAIN_CONTENT_ID, SkipLink } from '../ui/skip-link';
import { useFocusMainOnNavigation } from '../ui/use-focus-main-on-navigation';
import { Brand } from '../ui/brand';

export function PortalLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [location] = useLocation();
  useFocusMainOnNavigation();
  return (
    <div className="portal">
      <SkipLink />
      <header className="portal__header">
        <Link href="/" className="portal__brand brand-link">
          <Brand />
        </Link>
        <nav aria-label={t('portal.nav.label')}>
          {(
            [
              ['/', 'help'],
              ['/ask', 'ask'],
              ['/follow', 'follow'],
            ] as const
          ).map(([href, key]) => {
            // Articles belong to the help pages.
            const current = href === '/' ? location === '/' || location.startsWith('/articles') : location.startsWith(href);
            return (
              <Link key={href} href={href} aria-current={current ? 'page' : undefined}>
                {t(`portal.nav.${key}`)}
              </Link>
            );
          })}
        </nav>
        <LanguageSwitch />
      </header>
      <main id={MAIN_CONTENT_ID} tabIndex={-1} className="portal__main">{children}</main>
      <footer className="portal__footer">{t('portal.footer')}</footer>
    </div>
  );
}
