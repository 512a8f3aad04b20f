import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './lib/i18n';
import './styles.css';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

/**
 * The public portal is loaded on its own, without the console's code (tables, sockets): visitors are often on slow mobile networks.
 * A short link (`/s/<code>`) the server did not know shows the portal's "page not found".
 */
function isPortalPath(pathname: string): boolean {
  return pathname === '/portal' || pathname.startsWith('/portal/') || pathname.startsWith('/s/');
}

/** A TV's wallboard link: `/wallboard/<token>` or `/wallboard?token=`. */
function wallboardTokenOf({ pathname, search }: Location): string | null {
  const fromPath = /^\/wallboard\/([\w-]+)$/.exec(pathname)?.[1];
  return fromPath ?? (pathname === '/wallboard' ? new URLSearchParams(search).get('token') : null);
}

async function loadScreen(): Promise<ReactNode> {
  const wallboardToken = wallboardTokenOf(window.location);
  if (wallboardToken) {
    const { WallboardLinkApp } = await import('./wallboard-link-app');
    return <WallboardLinkApp token={wallboardToken} />;
  }
  if (isPortalPath(window.location.pathname)) {
    const { PortalApp } = await import('./portal-app');
    return <PortalApp />;
  }
  const { App } = await import('./app');
  return <App />;
}

const [screen] = await Promise.all([loadScreen(), initI18n()]);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>{screen}</QueryClientProvider>
  </StrictMode>,
);
