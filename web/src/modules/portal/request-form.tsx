import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TOPIC_KEYS, UI_LANGUAGES, type TUiLanguage } from '@mowakaba/shared/constants';
import type { TPortalRequest, TPortalRequestCreated } from '@mowakaba/shared/schemas/portal';
import { ApiError, apiRequest } from '../../lib/api-client';
import { fieldErrorsOf } from '../../lib/field-errors';
import { RequestSuggestions } from './request-suggestions';
import { Send } from 'lucide-react';
import { Button } from '../ui/button';

/** What is being typed: phone and e-mail may stay empty (one of them is needed), and are left out when they do. */
type Draft = Omit<TPortalRequest, 'consent' | 'phone' | 'email'> & { consent: boolean; phone: string; email: string };

function Field({ name, label, invalid, message, children }: { name: string; label: string; invalid: boolean; message?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <label className="portal-field">
      <span>{label}</span>
      {children}
      {invalid && (
        <small className="form-error" id={`${name}-error`}>
          {message ?? t(`portal.ask.invalid.${name}`)}
        </small>
      )}
    </label>
  );
}

/** The request form: the member writes, matching articles appear beside it, and sending opens a ticket. */
export function RequestForm({ onCreated }: { onCreated: (created: TPortalRequestCreated) => void }) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<Draft>({
    associationName: '',
    phone: '',
    email: '',
    subject: '',
    description: '',
    language: (UI_LANGUAGES.includes(i18n.language as TUiLanguage) ? i18n.language : 'ar') as TUiLanguage,
    topic: 'other',
    consent: false,
  });
  const send = useMutation({
    mutationFn: ({ phone, email, ...request }: Draft) =>
      apiRequest<TPortalRequestCreated>('/api/portal/requests', {
        method: 'POST',
        body: { ...request, ...(phone.trim() ? { phone } : {}), ...(email.trim() ? { email } : {}) },
      }),
    onSuccess: onCreated,
  });
  const invalid = fieldErrorsOf(send.error);
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const inputProps = (name: keyof Draft) => ({
    name,
    'aria-invalid': invalid.has(name) || undefined,
    'aria-describedby': invalid.has(name) ? `${name}-error` : undefined,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate(draft);
  };

  let failure: string | undefined;
  if (send.error instanceof ApiError && send.error.code === 'rate_limited') {
    failure = t('portal.rateLimited', { minutes: Math.ceil((send.error.retryAfterSeconds ?? 60) / 60) });
  } else if (send.error && invalid.size === 0) {
    failure = send.error instanceof ApiError && send.error.code === 'network_error' ? t('errors.network') : t('errors.generic');
  }

  return (
    <div className="portal-ask">
      <form className="card portal-form" onSubmit={submit} aria-labelledby="portal-ask-title" noValidate>
        <h1 id="portal-ask-title">{t('portal.ask.title')}</h1>
        <Field name="associationName" label={t('portal.ask.associationName')} invalid={invalid.has('associationName')}>
          <input {...inputProps('associationName')} dir="auto" required maxLength={200} autoComplete="organization" value={draft.associationName} onChange={(event) => set('associationName')(event.target.value)} />
        </Field>
        <p className="portal-contact-hint">
          {t('replyNotice.contactHint')}
        </p>
        <Field
          name="phone"
          label={t('portal.ask.phone')}
          invalid={invalid.has('phone')}
          message={draft.phone.trim() || draft.email.trim() ? undefined : t('replyNotice.contactRequired')}
        >
          <input {...inputProps('phone')} type="tel" dir="ltr" maxLength={40} autoComplete="tel" value={draft.phone} onChange={(event) => set('phone')(event.target.value)} />
        </Field>
        <Field name="email" label={t('replyNotice.email')} invalid={invalid.has('email')} message={t('replyNotice.invalidEmail')}>
          <input {...inputProps('email')} type="email" dir="ltr" maxLength={254} autoComplete="email" value={draft.email} onChange={(event) => set('email')(event.target.value)} />
        </Field>
        <Field name="topic" label={t('portal.ask.topic')} invalid={invalid.has('topic')}>
          <select {...inputProps('topic')} value={draft.topic} onChange={(event) => set('topic')(event.target.value as Draft['topic'])}>
            {TOPIC_KEYS.map((topic) => (
              <option key={topic} value={topic}>
                {t(`topics.${topic}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field name="language" label={t('portal.ask.language')} invalid={invalid.has('language')}>
          <select {...inputProps('language')} value={draft.language} onChange={(event) => set('language')(event.target.value as TUiLanguage)}>
            {UI_LANGUAGES.map((language) => (
              <option key={language} value={language} lang={language}>
                {t(`language.${language}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field name="subject" label={t('portal.ask.subject')} invalid={invalid.has('subject')}>
          <input {...inputProps('subject')} dir="auto" required maxLength={300} value={draft.subject} onChange={(event) => set('subject')(event.target.value)} />
        </Field>
        <Field name="description" label={t('portal.ask.description')} invalid={invalid.has('description')}>
          <textarea {...inputProps('description')} dir="auto" required rows={6} maxLength={20_000} value={draft.description} onChange={(event) => set('description')(event.target.value)} />
        </Field>
        {/* Right under what is being typed, so a phone shows the articles without scrolling away. */}
        <RequestSuggestions text={`${draft.subject}\n${draft.description}`} lang={draft.language} />
        <label className="portal-consent">
          <input type="checkbox" {...inputProps('consent')} checked={draft.consent} onChange={(event) => set('consent')(event.target.checked)} />
          <span>{t('portal.ask.consent')}</span>
        </label>
        {invalid.has('consent') && <small className="form-error">{t('portal.ask.invalid.consent')}</small>}
        {failure && (
          <p role="alert" className="form-error">
            {failure}
          </p>
        )}
        <Button type="submit" icon={Send} iconMirrored loading={send.isPending}>
          {send.isPending ? t('portal.ask.sending') : t('portal.ask.send')}
        </Button>
      </form>
    </div>
  );
}
