import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiRequest } from '../../lib/api-client';
import { fieldErrorsOf } from '../../lib/field-errors';
import { KeyRound } from 'lucide-react';
import { Button } from '../ui/button';

/**
 * For a requester who lost the follow-up code: a new one is sent by SMS to the request's phone
 * number, or by e-mail to its address when that is what they gave. The answer is the same whether
 * the reference and number or address matched or not.
 */
export function LostCode({ reference, onReferenceChange }: { reference: string; onReferenceChange: (reference: string) => void }) {
  const { t } = useTranslation();
  const [contact, setContact] = useState('');
  const resend = useMutation({
    mutationFn: () => {
      const given = contact.trim();
      const body = given.includes('@') ? { reference, email: given } : { reference, phone: given };
      return apiRequest<{ asked: true }>('/api/portal/requests/resend-code', { method: 'POST', body });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    resend.mutate();
  };
  const error = resend.error;
  let failure: string | undefined;
  if (error instanceof ApiError && error.code === 'rate_limited') failure = t('portal.rateLimited', { minutes: Math.ceil((error.retryAfterSeconds ?? 60) / 60) });
  else if (error instanceof ApiError && fieldErrorsOf(error).size > 0) failure = t('portal.lostCode.invalid');
  else if (error) failure = t('errors.generic');

  return (
    <details className="card portal-lost-code">
      <summary>{t('portal.lostCode.title')}</summary>
      <form className="portal-form" onSubmit={submit}>
        <p>{t('portal.lostCode.intro')}</p>
        <label className="portal-field">
          <span>{t('portal.created.reference')}</span>
          <input dir="ltr" required value={reference} placeholder="T-2026-000123" onChange={(event) => onReferenceChange(event.target.value)} />
        </label>
        <label className="portal-field">
          <span>{t('portal.lostCode.contact')}</span>
          <input dir="ltr" required value={contact} placeholder="06 61 23 45 67" onChange={(event) => setContact(event.target.value)} />
        </label>
        {failure && (
          <p role="alert" className="form-error">
            {failure}
          </p>
        )}
        {resend.isSuccess && <p role="status">{t('portal.lostCode.sent')}</p>}
        <Button type="submit" variant="secondary" icon={KeyRound} loading={resend.isPending}>
          {t('portal.lostCode.submit')}
        </Button>
      </form>
    </details>
  );
}
