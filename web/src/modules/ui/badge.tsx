import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TTicketPriority, TTicketStatus } from '@mowakaba/shared/constants';

export type TBadgeTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

/** A short state in a pill: the words always say it, the colour only helps (every tone meets AA contrast). */
export function Badge({ tone = 'neutral', children }: { tone?: TBadgeTone; children: ReactNode }) {
  return <span className={`ui-badge ui-badge--${tone}`}>{children}</span>;
}

const STATUS_TONES: Record<TTicketStatus, TBadgeTone> = { new: 'info', open: 'info', pending: 'warning', 'on-hold': 'neutral', solved: 'success', closed: 'neutral' };
const PRIORITY_TONES: Record<TTicketPriority, TBadgeTone> = { low: 'neutral', normal: 'neutral', high: 'warning', urgent: 'danger' };

/** A ticket's status as a badge. */
export function StatusBadge({ status }: { status: TTicketStatus }) {
  const { t } = useTranslation();
  return <Badge tone={STATUS_TONES[status]}>{t(`status.${status}`)}</Badge>;
}

/** A ticket's priority as a badge (high and urgent stand out). */
export function PriorityBadge({ priority }: { priority: TTicketPriority }) {
  const { t } = useTranslation();
  return <Badge tone={PRIORITY_TONES[priority]}>{t(`priority.${priority}`)}</Badge>;
}
