import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearch } from 'wouter';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import type { TPortalRequestStatus } from '@mowakaba/shared/schemas/portal';
import { ApiError, apiRequest } from '../../lib/api-client';
import { fieldErrorsOf } from '../../lib/field-errors';
import { formatDate } from '../../lib/i18n';
import { LostCode } from './lost-code';
import { Search, Send } from 'lucide-react';
import { Button } from '../ui/button';
import { shownText } from '../associations/association-name';

/** Follow a request with its reference and code: status and the center's public replies. */
export function FollowRequest() {
  const { t } = useTranslation();
  const search = useSearch();
  const [reference, setReference] = useState(() => new URLSearchParams(search).get('reference') ?? '');
  const [code, setCode] = useState('');
  const [status, setStatus] = useState<TPortalRequestStatus>();
  const lookup = useMutation({
    mutationFn: () => apiRequest<TPortalRequestStatus>('/api/portal/requests/lookup', { method: 'POST', body: { reference, code } }),
    onSuccess: setStatus,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    lookup.mutate();
  };

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
        <Button type="submit" icon={Search} loading={lookup.isPending}>
          {t('portal.follow.submit')}
        </Button>
      </form>
      {!status && <LostCode reference={reference} onReferenceChange={setReference} />}
      {status && <RequestConversation status={status} reference={reference} code={code} onAnswered={setStatus} />}
    </>
  );
}

/** Failure text for a request made with the reference and code. */
function failureText(error: unknown, t: (key: string, values?: Record<string, unknown>) => string): string | undefined {
  if (error instanceof ApiError && error.code === 'rate_limited') return t('portal.rateLimited', { minutes: Math.ceil((error.retryAfterSeconds ?? 60) / 60) });
  if (error instanceof ApiError && error.code === 'conflict') return t('portal.follow.closed');
  if (error instanceof ApiError && error.status === 404) return t('portal.follow.notFound');
  if (error) return t('errors.generic');
  return undefined;
}

/** The request's status and the exchange with the center, and a box to answer with the same code. */
function RequestConversation({ status, reference, code, onAnswered }: { status: TPortalRequestStatus; reference: string; code: string; onAnswered: (status: TPortalRequestStatus) => void }) {
  const { t, i18n } = useTranslation();
  const [body, setBody] = useState('');
  const answer = useMutation({
    mutationFn: () => apiRequest<TPortalRequestStatus>('/api/portal/requests/reply', { method: 'POST', body: { reference, code, body } }),
    onSuccess: (updated) => {
      setBody('');
      onAnswered(updated);
    },
  });
  const language = i18n.language as TUiLanguage;
  const date = (iso: string) => formatDate(new Date(iso), language, { dateStyle: 'medium', timeStyle: 'short' });
  const failure = failureText(answer.error, t);
  return (
    <section className="card" aria-labelledby="portal-status-title">
      <h2 id="portal-status-title" dir="auto">
        {shownText(status.subject, t)}
      </h2>
      <p>
        {t('portal.follow.status')}: <strong className={`portal-status portal-status--${status.status}`}>{t(`status.${status.status}`)}</strong> · <bdi dir="ltr">{status.reference}</bdi>
      </p>
      <h3>{t('portal.follow.replies')}</h3>
      {status.conversation.length === 0 ? (
        <p>{t('portal.follow.noReply')}</p>
      ) : (
        <ol className="portal-replies" aria-label={t('portal.follow.replies')}>
          {status.conversation.map((item) => (
            <li key={`${item.from}-${item.createdAt}`} className={`portal-replies__item portal-replies__item--${item.from}`}>
              <small>
                {t(`portal.follow.from.${item.from}`)} · {date(item.createdAt)}
              </small>
              {/* An erased entry (law 09-08: on request or after its retention period) comes with no text. */}
              {item.body ? <p dir="auto">{item.body}</p> : <p className="portal-replies__erased">{t('privacy.erasedText')}</p>}
            </li>
          ))}
        </ol>
      )}
      {status.status !== 'closed' && (
        <form
          className="portal-form portal-answer"
          onSubmit={(event) => {
            event.preventDefault();
            if (body.trim()) answer.mutate();
          }}
        >
          <label className="portal-field">
            <span>{t('portal.follow.answerLabel')}</span>
            <textarea dir="auto" rows={4} required value={body} onChange={(event) => setBody(event.target.value)} />
          </label>
          {failure && (
            <p role="alert" className="form-error">
              {failure}
            </p>
          )}
          <Button type="submit" icon={Send} iconMirrored loading={answer.isPending} disabled={!body.trim()}>
            {t('portal.follow.sendAnswer')}
          </Button>
        </form>
      )}
    </section>
  );
}
