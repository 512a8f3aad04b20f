import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearch } from 'wouter';
import type { TUiLanguage } from '../../../../shared/src/constants';
import type { TPortalRequestStatus } from '../../../../shared/src/schemas/portal';
import { ApiError, apiRequest } from '../../lib/api-client';
import { fieldErrorsOf } from '../../lib/field-errors';
import { formatDate } from '../../lib/i18n';

/** Follow a request with its reference and code: status and the center's public replies. */
export function FollowRequest() {
  const { t, i18n } = useTranslation();
  const search = useSearch();
  const [reference, setReference] = useState(() => new URLSearchParams(search).get('reference') ?? '');
  const [code, setCode] = useState('');
  const lookup = useMutation({
    mutationFn: () => apiRequest<TPortalRequestStatus>('/api/portal/requests/lookup', { method: 'POST', body: { reference, code } }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    lookup.mutate();
  };
  const language = i18n.language as TUiLanguage;
  const date = (iso: string) => formatDate(new Date(iso), language, { dateStyle: 'medium', timeStyle: 'short' });

  let failure: string | undefined;
  const error = lookup.error;
  if (error instanceof ApiError && error.code === 'rate_limited') failure = t('portal.rateLimited', { minutes: Math.ceil((error.retryAfterSeconds ?? 60) / 60) });
  else if (error instanceof ApiError && (error.status === 404 || fieldErrorsOf(error).size > 0)) failure = t('portal.follow.notFound');
  else if (error) failure = t('errors.generic');

  return (
    <>
      <form className="card portal-form" onSubmit={submit} aria-labelledby="portal-follow-title">
        <h1 id="portal-follow-title">{t('portal.follow.title')}</h1>
        <label className="portal-field">
          <span>{t('portal.created.reference')}</span>
          <input dir="ltr" required value={reference} placeholder="T-2026-000123" onChange={(event) => setReference(event.target.value)} />
        </label>
        <label className="portal-field">
          <span>{t('portal.created.code')}</span>
          <input dir="ltr" required autoComplete="off" value={code} placeholder="ABCD-EFGH-JKLM" onChange={(event) => setCode(event.target.value)} />
        </label>
        {failure && (
          <p role="alert" className="form-error">
            {failure}
          </p>
        )}
        <button type="submit" disabled={lookup.isPending}>
          {t('portal.follow.submit')}
        </button>
      </form>
      {lookup.data && (
        <section className="card" aria-labelledby="portal-status-title">
          <h2 id="portal-status-title" dir="auto">
            {lookup.data.subject}
          </h2>
          <p>
            {t('portal.follow.status')}: <strong>{t(`status.${lookup.data.status}`)}</strong> · <span dir="ltr">{lookup.data.reference}</span>
          </p>
          <h3>{t('portal.follow.replies')}</h3>
          {lookup.data.replies.length === 0 ? (
            <p>{t('portal.follow.noReply')}</p>
          ) : (
            <ol className="portal-replies">
              {lookup.data.replies.map((reply) => (
                <li key={reply.createdAt}>
                  <small>{date(reply.createdAt)}</small>
                  <p dir="auto">{reply.body}</p>
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
    </>
  );
}
