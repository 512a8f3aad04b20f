import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Router, Switch } from 'wouter';
import { PortalLayout } from './modules/portal/portal-layout';
import { PortalAskPage } from './pages/portal-ask-page';
import { PortalFollowPage } from './pages/portal-follow-page';
import { NotFoundPage } from './pages/not-found-page';
import { PortalHomePage } from './pages/portal-home-page';
import './modules/portal/portal.css';

// Reading an article brings the HTML sanitiser: loaded when an article is opened, not before.
const PortalArticlePage = lazy(() => import('./pages/portal-article-page').then((module) => ({ default: module.PortalArticlePage })));

/** The public portal for association members: no session, Arabic first, light. */
export function PortalApp() {
  const { t } = useTranslation();
  return (
    <Router base="/portal">
      <PortalLayout>
        <Suspense fallback={<p aria-busy="true">{t('common.loading')}</p>}>
          <Switch>
            <Route path="/articles/:id">{(params) => <PortalArticlePage articleId={params.id} />}</Route>
            <Route path="/ask" component={PortalAskPage} />
            <Route path="/follow" component={PortalFollowPage} />
            <Route path="/" component={PortalHomePage} />
            {/* Any other address, even outside /portal (an unknown short link, /s/<code>), which a path-less route would not match. */}
            <Route path={/.*/}>{() => <NotFoundPage homeHref="/" />}</Route>
          </Switch>
        </Suspense>
      </PortalLayout>
    </Router>
  );
}
