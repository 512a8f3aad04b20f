import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUser } from '../../../shared/src/schemas/users';
import type { TUiLanguage } from '../../../shared/src/constants';
import { applyLanguage, formatDate } from '../lib/i18n';
import { useSaveLanguage, useSignOut } from '../modules/auth/use-session';
import { LanguageSwitch } from '../modules/ui/language-switch';

/** The signed-in shell: navigation, language and sign-out; feature screens mount inside it. */
export function HomePage({ user }: { user: TUser }) {
  const { t, i18n } = useTranslation();
  const signOut = useSignOut();
  const saveLanguage = useSaveLanguage();

  useEffect(() => {
    void applyLanguage(user.language);
  }, [user.language]);

  return (
    <div className="shell">
      <nav className="shell__nav" aria-label={t('nav.label')}>
        <strong className="shell__brand">{t('app.name')}</strong>
        <ul>
          <li>{t('nav.queue')}</li>
          <li>{t('nav.associations')}</li>
          <li>{t('nav.knowledge')}</li>
          {user.role !== 'agent' && <li>{t('nav.dashboard')}</li>}
        </ul>
      </nav>
      <main className="shell__main">
        <header className="shell__header">
          <div>
            <h1 dir="auto">{t('home.welcome', { name: user.name })}</h1>
            <p>{t('home.role', { role: t(`roles.${user.role}`) })}</p>
            <p>{t('home.today', { date: formatDate(new Date(), i18n.language as TUiLanguage) })}</p>
          </div>
          <div className="shell__actions">
            <LanguageSwitch onChange={(language) => saveLanguage.mutate(language)} />
            <button type="button" onClick={() => signOut.mutate()}>
              {t('home.signOut')}
            </button>
          </div>
        </header>
      </main>
    </div>
  );
}
