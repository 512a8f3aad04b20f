import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import { ALERT_METRICS, type TAlertSettings, type TAlertThresholds } from '@mowakaba/shared/schemas/dashboard-alerts';
import { apiRequest } from '../../lib/api-client';
import { teamName } from '../teams/team-name';
import { useTeams } from '../teams/use-teams';
import { FieldError, SaveError } from '../ui/field-error';
import { describedBy, FormField } from '../ui/form-field';
import { alertKeys, useAlertSettings } from './use-dashboard-alerts';
import { Button } from '../ui/button';
import { LoadingState } from '../ui/loading-state';
import { TextInput } from '../ui/text-input';

const CENTER = '';

/** The alert thresholds, for the center and each team: admins change them, supervisors read them. */
export function AlertSettingsPanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const settings = useAlertSettings();
  return (
    <details className="alert-settings">
      <summary>
        <h2>{t('staffingAlerts.alertSettingsTitle')}</h2>
      </summary>
      <p>{t('staffingAlerts.alertSettingsIntro')}</p>
      {!canEdit && <p className="notice">{t('staffingAlerts.readOnly')}</p>}
      {settings.data ? <AlertSettingsForm settings={settings.data} canEdit={canEdit} /> : <LoadingState label={t('common.loading')} />}
    </details>
  );
}

type TDraft = Record<string, Record<string, string>>;

const draftOf = (thresholds: TAlertThresholds) => Object.fromEntries(ALERT_METRICS.map((metric) => [metric, thresholds[metric] === undefined ? '' : String(thresholds[metric])]));
const thresholdsOf = (draft: Record<string, string> = {}): TAlertThresholds =>
  Object.fromEntries(Object.entries(draft).filter(([, value]) => value.trim() !== '').map(([metric, value]) => [metric, Number(value)]));

function AlertSettingsForm({ settings, canEdit }: { settings: TAlertSettings; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const teams = useTeams();
  const [draft, setDraft] = useState<TDraft>(() => ({ [CENTER]: draftOf(settings.center), ...Object.fromEntries(Object.entries(settings.teams).map(([id, thresholds]) => [id, draftOf(thresholds)])) }));
  const [phone, setPhone] = useState(settings.onCallPhone ?? '');
  const save = useMutation({
    mutationFn: () =>
      apiRequest<TAlertSettings>('/api/dashboard/alert-settings', {
        method: 'PUT',
        body: {
          center: thresholdsOf(draft[CENTER]),
          teams: Object.fromEntries(
            Object.entries(draft)
              .filter(([id]) => id !== CENTER)
              .map(([id, values]) => [id, thresholdsOf(values)] as const)
              .filter(([, thresholds]) => Object.keys(thresholds).length > 0),
          ),
          onCallPhone: phone.trim() === '' ? null : phone.trim(),
        },
      }),
    onSuccess: (saved) => queryClient.setQueryData(alertKeys.settings, saved),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const scopes = [
    { id: CENTER, label: t('staffingAlerts.scopeCenter'), path: 'center' },
    ...(teams.data?.items ?? []).map((team) => ({ id: team.id, label: teamName(team, i18n.language as TUiLanguage), path: `teams.${team.id}` })),
  ];
  return (
    <form className="card alert-settings" onSubmit={submit} aria-label={t('staffingAlerts.alertSettingsTitle')}>
      {scopes.map((scope) => (
        <fieldset key={scope.id || 'center'} className="alert-settings__scope">
          <legend>
            <bdi>{scope.label}</bdi>
          </legend>
          {ALERT_METRICS.map((metric) => (
            <label key={metric}>
              <span>{t(`staffingAlerts.metrics.${metric}`)}</span>
              <input
                className="control"
                type="number"
                inputMode="numeric"
                min={1}
                disabled={!canEdit}
                data-threshold={`${scope.path}.${metric}`}
                value={draft[scope.id]?.[metric] ?? ''}
                onChange={(event) => setDraft((current) => ({ ...current, [scope.id]: { ...current[scope.id], [metric]: event.target.value } }))}
              />
              <FieldError error={save.error} path={`${scope.path}.${metric}`} />
            </label>
          ))}
        </fieldset>
      ))}
      <TextInput id="on-call-phone" label={t('staffingAlerts.onCallPhone')} hint={t('staffingAlerts.onCallPhoneHint')} error={save.error} path="onCallPhone" type="tel" dir="ltr" disabled={!canEdit} value={phone} onChange={(event) => setPhone(event.target.value)} />
      <SaveError error={save.error} />
      {save.isSuccess && <p role="status">{t('staffingAlerts.saved')}</p>}
      {canEdit && (
        <div className="form-actions">
          <Button type="submit" disabled={save.isPending}>
            {t('staffingAlerts.save')}
          </Button>
        </div>
      )}
    </form>
  );
}
