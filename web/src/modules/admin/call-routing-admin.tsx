import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TVoiceSettings } from '@mowakaba/shared/schemas/calls';
import { apiRequest } from '../../lib/api-client';
import { FieldError, SaveError } from '../ui/field-error';
import { useVoiceSettings, voiceSettingsKey } from './use-voice-settings';
import { Button } from '../ui/button';
import { LoadingState } from '../ui/loading-state';

/** How long a caller rings one agent before the next, and how long after-call work lasts: admins set them, supervisors read them. */
export function CallRoutingAdmin({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const settings = useVoiceSettings();
  return (
    <section className="admin-section" aria-labelledby="admin-calls-title">
      <h2 id="admin-calls-title">{t('admin.calls.title')}</h2>
      <p>{t('admin.calls.intro')}</p>
      {settings.data ? <CallRoutingForm settings={settings.data} canEdit={canEdit} /> : <LoadingState label={t('common.loading')} />}
    </section>
  );
}

function CallRoutingForm({ settings, canEdit }: { settings: TVoiceSettings; canEdit: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [ringTimeout, setRingTimeout] = useState(String(settings.ringTimeoutSeconds));
  const [wrapUp, setWrapUp] = useState(String(settings.wrapUpSeconds));
  const save = useMutation({
    // The whole settings document goes back: prompts and hold music stay as they are.
    mutationFn: () =>
      apiRequest<TVoiceSettings>('/api/voice/settings', { method: 'PUT', body: { ...settings, ringTimeoutSeconds: Number(ringTimeout), wrapUpSeconds: Number(wrapUp) } }),
    onSuccess: (saved) => queryClient.setQueryData(voiceSettingsKey, saved),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form className="card form-grid admin-form" onSubmit={submit} aria-label={t('admin.calls.title')}>
      <label>
        <span>{t('admin.calls.ringTimeout')}</span>
        <input className="control" type="number" inputMode="numeric" min={5} max={120} required disabled={!canEdit} value={ringTimeout} aria-describedby="ring-timeout-hint" onChange={(event) => setRingTimeout(event.target.value)} />
        <small id="ring-timeout-hint">{t('admin.calls.ringTimeoutHint')}</small>
      </label>
      <FieldError error={save.error} path="ringTimeoutSeconds" />
      <label>
        <span>{t('admin.calls.wrapUp')}</span>
        <input className="control" type="number" inputMode="numeric" min={0} max={1800} required disabled={!canEdit} value={wrapUp} aria-describedby="wrap-up-hint" onChange={(event) => setWrapUp(event.target.value)} />
        <small id="wrap-up-hint">{t('admin.calls.wrapUpHint')}</small>
      </label>
      <FieldError error={save.error} path="wrapUpSeconds" />
      <SaveError error={save.error} />
      {save.isSuccess && <p role="status">{t('admin.calls.saved')}</p>}
      {canEdit && (
        <div className="form-actions form-grid__wide">
          <Button type="submit" disabled={save.isPending}>
            {t('associationPage.save')}
          </Button>
        </div>
      )}
    </form>
  );
}
