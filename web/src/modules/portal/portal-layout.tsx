import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { LanguageSwitch } from '../ui/language-switch';

export function PortalLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="portal">
      <header className="portal__header">
        <Link href="/" className="portal__brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('portal.nav.label')}>
          <Link href="/">{t('portal.nav.help')}</Link>
          <Link href="/ask">{t('portal.nav.ask')}</Link>
          <Link href="/follow">{t('portal.nav.follow')}</Link>
        </nav>
        <LanguageSwitch />
      </header>
      <main className="portal__main">{children}</main>
      <footer className="portal__footer">{t('portal.footer')}</footer>
    </div>
  );
}
