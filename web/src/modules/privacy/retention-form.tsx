import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import { RETENTION_KINDS, type TRetentionKind, type TRetentionSettings, type TRetentionState } from '@mowakaba/shared/schemas/privacy';
import { apiRequest } from '../../lib/api-client';
import { formatDate } from '../../lib/i18n';
import { FormField, describedBy } from '../ui/form-field';

type Draft = Record<TRetentionKind, string>;
const toDraft = (settings: TRetentionSettings): Draft =>
  Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, settings[kind] === null ? '' : String(settings[kind])])) as Draft;
const fromDraft = (draft: Draft): TRetentionSettings =>
  Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, draft[kind].trim() === '' ? null : Number(draft[kind])])) as TRetentionSettings;

/** Retention periods per kind of personal data (days; empty keeps until erased on request). */
export function RetentionForm() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const state = useQuery({ queryKey: ['privacy', 'retention'], queryFn: () => apiRequest<TRetentionState>('/api/privacy/retention') });
  const [draft, setDraft] = useState<Draft | null>(null);
  useEffect(() => {
    if (state.data && draft === null) setDraft(toDraft(state.data.settings));
  }, [state.data, draft]);
  const save = useMutation({
    mutationFn: (settings: TRetentionSettings) => apiRequest<TRetentionState>('/api/privacy/retention', { method: 'PUT', body: settings }),
    onSuccess: (saved) => queryClient.setQueryData(['privacy', 'retention'], saved),
  });
  const run = useMutation({
    mutationFn: () => apiRequest<TRetentionState>('/api/privacy/retention/run', { method: 'POST' }),
    onSuccess: (after) => queryClient.setQueryData(['privacy', 'retention'], after),
  });
  if (!draft) return <p aria-busy="true">{t('common.loading')}</p>;
  const lastRun = state.data?.lastRun;
  return (
    <section aria-labelledby="retention-title">
      <h2 id="retention-title">{t('retention.title')}</h2>
      <p>{t('retention.intro')}</p>
      <form
        className="form-grid"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate(fromDraft(draft));
        }}
      >
        {RETENTION_KINDS.map((kind) => (
          <FormField key={kind} id={`retention-${kind}`} label={t(`retention.kinds.${kind}`)} hint={t('retention.daysHint')} error={save.error} path={kind}>
            <input
              id={`retention-${kind}`}
              type="number"
              min={1}
              max={36500}
              inputMode="numeric"
              value={draft[kind]}
              onChange={(event) => setDraft({ ...draft, [kind]: event.target.value })}
              aria-describedby={describedBy(`retention-${kind}`)}
            />
          </FormField>
        ))}
        <div className="form-grid__wide">
          <button type="submit" disabled={save.isPending}>
            {t('retention.save')}
          </button>{' '}
          <button type="button" className="button--quiet" onClick={() => run.mutate()} disabled={run.isPending}>
            {t('retention.runNow')}
          </button>
        </div>
      </form>
      {save.isSuccess && <p role="status">{t('retention.saved')}</p>}
      {lastRun && (
        <p role="status">
          {t('retention.lastRun', { at: formatDate(new Date(lastRun.at), i18n.language as TUiLanguage, { dateStyle: 'medium', timeStyle: 'short' }) })}{' '}
          {Object.entries(lastRun.counts)
            .map(([kind, count]) => `${t(`privacy.counts.${kind}`, { defaultValue: kind })}: ${count}`)
            .join(' · ')}
        </p>
      )}
    </section>
  );
}
