import { BookOpen, Building2, FileClock, Inbox, LayoutDashboard, LogOut, Menu, PhoneCall, ShieldCheck, StepForward, Timer, UsersRound, X, type LucideIcon } from 'lucide-react';
import { lazy, Suspense, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Switch, useLocation } from 'wouter';
import type { TUser } from '@mowakaba/shared/schemas/users';
import { ApiError } from '../lib/api-client';
import { applyLanguage, preloadEveryLanguage } from '../lib/i18n';
import { useSaveLanguage, useSignOut } from '../modules/auth/use-session';
import { askNotificationPermission } from '../modules/notifications/notify-user';
import { PresenceSelector } from '../modules/presence/presence-selector';
import { SoftphonePanel } from '../modules/softphone/softphone-panel';
import { SoftphoneProvider } from '../modules/softphone/softphone-provider';
import { LiveProvider, useLive } from '../modules/realtime/live-provider';
import { useTakeNext } from '../modules/tickets/use-tickets';
import { Brand } from '../modules/ui/brand';
import { Button } from '../modules/ui/button';
import { LoadingState } from '../modules/ui/loading-state';
import { Toaster } from '../modules/ui/toaster';
import { LanguageSwitch } from '../modules/ui/language-switch';
import { MAIN_CONTENT_ID, SkipLink } from '../modules/ui/skip-link';
import { useFocusMainOnNavigation } from '../modules/ui/use-focus-main-on-navigation';
import { useDismiss } from '../modules/ui/use-dismiss';
import { useShortcuts } from '../modules/ui/use-shortcuts';
import { AssociationPage } from './association-page';
import { AssociationsPage } from './associations-page';
import { KbArticleRoute } from './kb-article-route';
import { KbListPage } from './kb-list-page';
import { NotFoundPage } from './not-found-page';
import { QueuePage } from './queue-page';
import { TicketPage } from './ticket-page';

// The editor (Markdown, preview, diffs) and the gaps report load only when opened.
const KbEditorPage = lazy(() => import('./kb-editor-page').then((module) => ({ default: module.KbEditorPage })));
const KbNewArticlePage = lazy(() => import('./kb-editor-page').then((module) => ({ default: module.KbNewArticlePage })));
const NewTicketPage = lazy(() => import('../modules/tickets/new-ticket-form').then((module) => ({ default: module.NewTicketForm })));
const CallsPage = lazy(() => import('./calls-page').then((module) => ({ default: module.CallsPage })));
const AdminPage = lazy(() => import('./admin-page').then((module) => ({ default: module.AdminPage })));
// The admin's personal-data screens (law 09-08) load only when an admin opens them.
const AdminPrivacyPage = lazy(() => import('./admin-privacy-page').then((module) => ({ default: module.AdminPrivacyPage })));
const AdminRetentionPage = lazy(() => import('./admin-privacy-page').then((module) => ({ default: module.AdminRetentionPage })));
const AdminAuditPage = lazy(() => import('./admin-privacy-page').then((module) => ({ default: module.AdminAuditPage })));
const KbGapsPage = lazy(() => import('./kb-gaps-page').then((module) => ({ default: module.KbGapsPage })));
// Dashboards (and their chart library) load only when opened: the console's first load does not grow.
const DashboardPage = lazy(() => import('./dashboard-page').then((module) => ({ default: module.DashboardPage })));
const WallboardPage = lazy(() => import('./wallboard-page').then((module) => ({ default: module.WallboardPage })));

/** The signed-in console: navigation, presence, take next, language, and the screens. */
export function ConsoleShell({ user }: { user: TUser }) {
  const { t } = useTranslation();
  const [location] = useLocation();
  useEffect(() => {
    // The wallboard takes its language from `?lang=` (a TV in the room), the console from the user.
    const fromQuery = new URLSearchParams(window.location.search).get('lang');
    void applyLanguage(location === '/wallboard' && (fromQuery === 'ar' || fromQuery === 'fr') ? fromQuery : user.language);
  }, [user.language, location]);
  useEffect(preloadEveryLanguage, []);
  if (location === '/wallboard') {
    return (
      <LiveProvider user={user}>
        <main id={MAIN_CONTENT_ID} tabIndex={-1}>
          <Suspense fallback={<LoadingState />}>
            <WallboardPage user={user} />
          </Suspense>
        </main>
      </LiveProvider>
    );
  }
  return (
    <LiveProvider user={user}>
      <SoftphoneProvider user={user}>
        <ShellLayout user={user} />
      </SoftphoneProvider>
    </LiveProvider>
  );
}

function ShellLayout({ user }: { user: TUser }) {
  const { t } = useTranslation();
  const [location, navigate] = useLocation();
  // On a phone the pages and the account sit behind a menu button; it closes when a page opens,
  // on Escape (focus back on the button) and on a press outside the menu.
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [location]);
  const nav = useRef<HTMLElement>(null);
  const menuButton = useRef<HTMLButtonElement>(null);
  const closeMenu = useCallback(() => setMenuOpen(false), []);
  useDismiss(menuOpen, nav, menuButton, closeMenu);
  const signOut = useSignOut();
  const saveLanguage = useSaveLanguage();
  const takeNext = useTakeNext();
  const { connected, retryAfterSeconds } = useLive();
  const pullNext = useCallback(() => {
    askNotificationPermission();
    takeNext.mutate(undefined, { onSuccess: (ticket) => navigate(`/tickets/${ticket.id}`) });
  }, [takeNext, navigate]);
  useShortcuts(pullNext);
  useFocusMainOnNavigation();
  const nothingWaiting = takeNext.error instanceof ApiError && takeNext.error.status === 404;
  const refusal = nothingWaiting ? (takeNext.error as ApiError).details : undefined;
  const reason = typeof refusal === 'object' && refusal !== null && 'reason' in refusal ? String(refusal.reason) : 'nothing-waiting';

  return (
    <div className={menuOpen ? 'shell shell--menu-open' : 'shell'}>
      <SkipLink />
      <nav ref={nav} className="shell__nav" aria-label={t('nav.label')}>
        <div className="shell__bar">
          <button ref={menuButton} type="button" className="shell__menu-button" aria-label={t('consoleHeader.menu')} aria-expanded={menuOpen} aria-controls="shell-menu" onClick={() => setMenuOpen(!menuOpen)}>
            {menuOpen ? <X className="icon" aria-hidden="true" /> : <Menu className="icon" aria-hidden="true" />}
          </button>
          <Link href="/" className="shell__brand brand-link">
            <Brand />
          </Link>
        </div>
        <div id="shell-menu" className="shell__menu">
          <ul>
            <NavItem href="/" icon={Inbox}>
              {t('nav.queue')}
            </NavItem>
            <NavItem href="/associations" icon={Building2}>
              {t('nav.associations')}
            </NavItem>
            <NavItem href="/kb" icon={BookOpen}>
              {t('nav.kb')}
            </NavItem>
            {user.role !== 'agent' && (
              <NavItem href="/calls" icon={PhoneCall}>
                {t('drill.nav')}
              </NavItem>
            )}
            <NavItem href="/dashboard" icon={LayoutDashboard}>
              {user.role === 'agent' ? t('nav.myDay') : t('nav.dashboard')}
            </NavItem>
            {user.role !== 'agent' && (
              <NavItem href="/admin/users" icon={UsersRound} section="/admin">
                {t('nav.admin')}
              </NavItem>
            )}
            {user.role === 'admin' && (
              <>
                <NavItem href="/admin/privacy" icon={ShieldCheck}>
                  {t('nav.privacy')}
                </NavItem>
                <NavItem href="/admin/retention" icon={Timer}>
                  {t('nav.retention')}
                </NavItem>
                <NavItem href="/admin/audit" icon={FileClock}>
                  {t('nav.audit')}
                </NavItem>
              </>
            )}
          </ul>
          <div className="shell__account">
            <p className="shell__user" dir="auto">
              {user.name} · {t(`roles.${user.role}`)}
            </p>
            <LanguageSwitch onChange={(language) => saveLanguage.mutate(language)} />
            <Button variant="secondary" icon={LogOut} iconMirrored onClick={() => signOut.mutate()}>
              {t('nav.signOut')}
            </Button>
          </div>
        </div>
      </nav>
      <div className="shell__main">
        <header className="shell__header">
          <span className={connected ? 'live live--on' : 'live live--off'} role="status">
            <span className="live__text">{connected ? t('live.connected') : retryAfterSeconds ? t('trust.liveRetryLater', { seconds: retryAfterSeconds }) : t('live.reconnecting')}</span>
          </span>
          <div className="shell__actions">
            <PresenceSelector />
            <Button icon={StepForward} iconMirrored onClick={pullNext} aria-keyshortcuts="Alt+N" loading={takeNext.isPending}>
              {t('queue.takeNext')}
            </Button>
          </div>
        </header>
        {nothingWaiting && (
          <p role="status" className="notice">
            {t(`queue.takeNextReasons.${reason}`, { defaultValue: t('queue.nothingWaiting') })}
          </p>
        )}
        <SoftphonePanel />
        <main id={MAIN_CONTENT_ID} tabIndex={-1}>
          <Suspense fallback={<LoadingState />}>
            <Switch>
              <Route path="/tickets/new" component={NewTicketPage} />
              <Route path="/tickets/:id">{(params) => <TicketPage ticketId={params.id} user={user} />}</Route>
              <Route path="/kb">{() => <KbListPage user={user} />}</Route>
              <Route path="/kb/gaps" component={KbGapsPage} />
              <Route path="/kb/new">{() => <KbNewArticlePage user={user} />}</Route>
              <Route path="/kb/:id/edit">{(params) => <KbEditorPage articleId={params.id} user={user} />}</Route>
              <Route path="/kb/:id">{(params) => <KbArticleRoute articleId={params.id} user={user} />}</Route>
              <Route path="/associations/:id">{(params) => <AssociationPage associationId={params.id} />}</Route>
              <Route path="/associations" component={AssociationsPage} />
              {user.role === 'admin' && <Route path="/admin/privacy" component={AdminPrivacyPage} />}
              {user.role === 'admin' && <Route path="/admin/retention" component={AdminRetentionPage} />}
              {user.role === 'admin' && <Route path="/admin/audit" component={AdminAuditPage} />}
              <Route path="/admin/:section?">{(params) => (user.role === 'agent' ? <NotFoundPage /> : <AdminPage user={user} section={params.section ?? 'users'} />)}</Route>
              <Route path="/calls" component={CallsPage} />
              <Route path="/dashboard">{() => <DashboardPage user={user} />}</Route>
              <Route path="/" component={QueuePage} />
              <Route>{() => <NotFoundPage />}</Route>
            </Switch>
          </Suspense>
        </main>
      </div>
      <Toaster />
    </div>
  );
}

/** Sections whose pages share the admin entry (its tabs), except the admin's own entries. */
const OWN_ENTRIES = ['/admin/privacy', '/admin/retention', '/admin/audit'];

/** A page in the navigation: its icon, its name, marked as the current page while it (or a page under it) is open. */
function NavItem({ href, icon: Icon, section, children }: { href: string; icon: LucideIcon; section?: string; children: ReactNode }) {
  const [location] = useLocation();
  const prefix = section ?? href;
  const current =
    href === '/'
      ? location === '/' || location.startsWith('/tickets')
      : (location === prefix || location.startsWith(`${prefix}/`)) && (section === undefined || !OWN_ENTRIES.some((entry) => location.startsWith(entry)));
  return (
    <li>
      <Link href={href} aria-current={current ? 'page' : undefined}>
        <Icon className="icon" aria-hidden="true" />
        <span>{children}</span>
      </Link>
    </li>
  );
}
