import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TContactHoldings, TErasureReport } from '@mowakaba/shared/schemas/privacy';
import { apiRequest } from '../../lib/api-client';
import { FormField, describedBy } from '../ui/form-field';
import { ErasureResult } from './erasure-result';

const HELD_KINDS = ['contacts', 'tickets', 'calls', 'callbackTasks', 'messages', 'sentEmails', 'portalRequests'] as const;

/** The export and erasure routes' key for the person the search found: `phone=` or `email=`. */
function subjectKey(subject: TContactHoldings['subject']): { phone: string } | { email: string } {
  return subject.kind === 'phone' ? { phone: subject.phone } : { email: subject.email };
}

const subjectText = (subject: TContactHoldings['subject']) => (subject.kind === 'phone' ? subject.phone : subject.email);

/** Data-subject requests of one person (law 09-08): found by phone number or e-mail address, what is held, export, erasure. */
export function ContactSubjectPanel() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [report, setReport] = useState<TErasureReport | null>(null);
  const search = useMutation({
    mutationFn: (q: string) => apiRequest<TContactHoldings>(`/api/privacy/contacts?q=${encodeURIComponent(q)}`),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setReport(null);
    search.mutate(text.trim());
  };
  return (
    <section aria-labelledby="privacy-contacts" className="privacy-contacts">
      <h2 id="privacy-contacts">{t('privacyContacts.title')}</h2>
      <p>{t('privacyContacts.intro')}</p>
      <form className="privacy-contacts__search" onSubmit={submit} noValidate>
        <FormField id="privacy-contact-q" label={t('privacyContacts.searchLabel')} hint={t('privacyContacts.searchHint')} error={search.error} path="q">
          <input
            id="privacy-contact-q"
            type="search"
            dir="ltr"
            autoComplete="off"
            value={text}
            onChange={(event) => setText(event.target.value)}
            aria-describedby={describedBy('privacy-contact-q')}
            required
          />
        </FormField>
        <button type="submit" disabled={search.isPending || text.trim() === ''}>
          {t('privacyContacts.search')}
        </button>
      </form>
      {search.data && (
        <ContactHoldings
          key={subjectText(search.data.subject)}
          holdings={search.data}
          report={report}
          onErased={(erased) => {
            setReport(erased);
            search.mutate(subjectText(search.data.subject));
          }}
        />
      )}
    </section>
  );
}

function ContactHoldings({ holdings, report, onErased }: { holdings: TContactHoldings; report: TErasureReport | null; onErased: (report: TErasureReport) => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const query = new URLSearchParams(subjectKey(holdings.subject)).toString();
  const held = HELD_KINDS.filter((kind) => holdings.counts[kind] > 0);
  return (
    <article className="privacy-subject" aria-labelledby="privacy-contact-subject">
      <h3 id="privacy-contact-subject">
        {t(holdings.subject.kind === 'phone' ? 'privacyContacts.subjectPhone' : 'privacyContacts.subjectEmail')} <bdi dir="ltr">{subjectText(holdings.subject)}</bdi>
      </h3>
      <dl className="privacy-contacts__counts" aria-label={t('privacyContacts.held')}>
        {HELD_KINDS.map((kind) => (
          <div key={kind}>
            <dt>{t(`privacyContacts.kinds.${kind}`)}</dt>
            <dd>
              <bdi dir="ltr">{holdings.counts[kind]}</bdi>
            </dd>
          </div>
        ))}
      </dl>
      {held.length === 0 && <p>{t('privacyContacts.nothingHeld')}</p>}
      <p className="privacy-subject__exports">
        <a className="button button--primary" href={`/api/privacy/contacts/export?${query}`} download="contact.json">
          {t('privacy.exportJson')}
        </a>{' '}
        <a className="button button--secondary" href={`/api/privacy/contacts/export?${query}&format=html`} target="_blank" rel="noopener">
          {t('privacy.exportHtml')}
        </a>{' '}
        <button type="button" className="button--danger" disabled={held.length === 0} onClick={() => setConfirming(true)}>
          {t('privacyContacts.erase')}
        </button>
      </p>
      {report && <ErasureResult report={report} />}
      {confirming && (
        <EraseContactDialog
          holdings={holdings}
          held={held}
          onClose={() => setConfirming(false)}
          onErased={(erased) => {
            setConfirming(false);
            onErased(erased);
          }}
        />
      )}
    </article>
  );
}

/** The confirmation that names what will be erased, kind by kind, before anything is. */
function EraseContactDialog({
  holdings,
  held,
  onClose,
  onErased,
}: {
  holdings: TContactHoldings;
  held: ReadonlyArray<(typeof HELD_KINDS)[number]>;
  onClose: () => void;
  onErased: (report: TErasureReport) => void;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const erase = useMutation({
    mutationFn: () => apiRequest<TErasureReport>('/api/privacy/contacts/erase', { method: 'POST', body: subjectKey(holdings.subject) }),
    onSuccess: onErased,
  });
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="merge-dialog" aria-labelledby="erase-contact-title" onClose={onClose}>
      <h2 id="erase-contact-title">
        {t('privacyContacts.confirmTitle')} <bdi dir="ltr">{subjectText(holdings.subject)}</bdi>
      </h2>
      <p>{t('privacyContacts.confirmIntro')}</p>
      <ul>
        {held.map((kind) => (
          <li key={kind}>
            {t(`privacyContacts.kinds.${kind}`)}: <bdi dir="ltr">{holdings.counts[kind]}</bdi>
          </li>
        ))}
      </ul>
      <p>{t('privacyContacts.confirmKept')}</p>
      {erase.error && <p role="alert">{t('errors.generic')}</p>}
      <div className="form-actions">
        <button type="button" className="button--danger" disabled={erase.isPending} onClick={() => erase.mutate()} autoFocus>
          {t('privacyContacts.confirm')}
        </button>
        <button type="button" className="button--quiet" onClick={onClose}>
          {t('privacyContacts.cancel')}
        </button>
      </div>
    </dialog>
  );
}
