import { Inbox, type LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

/** Nothing to show yet, said in words with a quiet icon, and what to do next when there is something. */
export function EmptyState({ title, titleId, text, icon: Icon = Inbox, action, headingLevel }: { title: string; titleId?: string; text?: string; icon?: LucideIcon; action?: ReactNode; headingLevel?: 1 | 2 }) {
  const Heading = headingLevel === 1 ? 'h1' : headingLevel === 2 ? 'h2' : 'p';
  return (
    <div className="state state--empty">
      <Icon className="state__icon" aria-hidden="true" />
      <Heading id={titleId} className="state__title">{title}</Heading>
      {text && <p className="state__text">{text}</p>}
      {action}
    </div>
  );
}
