import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';

/** A figure as a link to the list of its items (keyboard reachable, announced as such); plain when it has none. */
export function DrillDownValue({ href, children }: { href: string | null; children: ReactNode }) {
  const { t } = useTranslation();
  if (!href) return <>{children}</>;
  return (
    <Link href={href} className="drill-down" title={t('drill.open')}>
      {children}
    </Link>
  );
}
