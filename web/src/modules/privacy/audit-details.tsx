import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import { formatNumber, listParts } from '../../lib/i18n';

// Where a detail's name is labelled: the audit's own names first, then the counts and retention kinds the privacy screens already name.
const KEY_LABELS = ['audit.detailKeys', 'privacy.counts', 'retention.kinds'] as const;

// Details whose text values are one of the product's own choices, named by these texts.
const VALUE_LABELS: Record<string, string> = {
  role: 'roles',
  state: 'presence',
  status: 'status',
  priority: 'priority',
  kind: 'entryKinds',
  disposition: 'dispositions',
  topic: 'topics',
  outcome: 'audit.outcomes',
  removed: 'audit.removed',
};

// Where an action's details hold retention periods: whole days, or null for no limit (kept until erased on request).
const RETENTION_PERIODS: Record<string, readonly string[]> = { 'retention.change': ['before', 'after'], 'retention.run': ['settings'] };

function labelOf(key: string, t: TFunction): ReactNode {
  for (const prefix of KEY_LABELS) {
    const label = t(`${prefix}.${key}`, { defaultValue: '' });
    if (label) return label;
  }
  // A name this screen does not know yet (a newer server): shown as stored, kept left to right.
  return <bdi dir="ltr">{key}</bdi>;
}

function DetailValue({ name, value, depth, isPeriod }: { name: string; value: unknown; depth: number; isPeriod?: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as TUiLanguage;
  if (value === null && isPeriod) return <>{t('audit.periodUnlimited')}</>;
  if (value === null || value === undefined || value === '') return <>—</>;
  if (typeof value === 'number') return <>{isPeriod ? t('audit.periodDays', { count: value, value: formatNumber(value, language) }) : formatNumber(value, language)}</>;
  if (typeof value === 'boolean') return <>{t(value ? 'audit.yes' : 'audit.no')}</>;
  if (typeof value === 'string') {
    const prefix = VALUE_LABELS[name];
    const label = prefix ? t(`${prefix}.${value}`, { defaultValue: '' }) : '';
    return label ? <>{label}</> : <bdi dir="auto">{value}</bdi>;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return <>—</>;
    // `fields` lists the names of what a request changed: each is labelled like a detail's name.
    const items = value.map((item, index) => (name === 'fields' && typeof item === 'string' ? <Fragment key={index}>{labelOf(item, t)}</Fragment> : <DetailValue key={index} name={name} value={item} depth={depth} />));
    return <>{listParts(items.length, language).map((part, index) => ('item' in part ? <Fragment key={index}>{items[part.item]}</Fragment> : part.text))}</>;
  }
  if (typeof value === 'object') return <DetailList details={value as Record<string, unknown>} depth={depth + 1} isPeriod={isPeriod} />;
  return <bdi dir="ltr">{String(value)}</bdi>;
}

/** `isPeriod`: every value in the list is a retention period; `periodGroups`: the entries that hold retention periods. */
function DetailList({ details, depth, isPeriod, periodGroups = [] }: { details: Record<string, unknown>; depth: number; isPeriod?: boolean; periodGroups?: readonly string[] }) {
  const { t } = useTranslation();
  const entries = Object.entries(details);
  if (entries.length === 0) return <>—</>;
  return (
    <dl className={depth === 0 ? 'audit-details' : 'audit-details audit-details--nested'}>
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{labelOf(key, t)}</dt>
          <dd>
            <DetailValue name={key} value={value} depth={depth} isPeriod={isPeriod || periodGroups.includes(key)} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** An audit entry's details, one per line, named and formatted in the reader's language, with their unit; none shows a dash. */
export function AuditDetails({ action, details }: { action: string; details: Record<string, unknown> }) {
  if (Object.keys(details ?? {}).length === 0) return <span aria-hidden="true">—</span>;
  return <DetailList details={details} depth={0} periodGroups={RETENTION_PERIODS[action]} />;
}
