import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TAssociation } from '@mowakaba/shared/schemas/associations';
import type { TErasureReport } from '@mowakaba/shared/schemas/privacy';
import { apiRequest } from '../../lib/api-client';
import { TextInput } from '../ui/text-input';
import { useDebouncedValue } from '../ui/use-debounced-value';
import { associationName, shownRegistrationRef } from '../associations/association-name';
import { ErasureResult } from './erasure-result';

/** One association: its exports, and its erasure behind the registration reference typed again. */
function AssociationSubject({ association, onErased }: { association: TAssociation; onErased: () => void }) {
  const { t, i18n } = useTranslation();
  const [confirmation, setConfirmation] = useState('');
  const erase = useMutation({
    mutationFn: () => apiRequest<TErasureReport>(`/api/privacy/associations/${association.id}/erase`, { method: 'POST', body: { confirmReference: confirmation } }),
    onSuccess: onErased,
  });
  const base = `/api/privacy/associations/${association.id}/export`;
  return (
    <article className="privacy-subject" aria-labelledby="privacy-subject-name">
      <h3 id="privacy-subject-name" dir="auto">
        {associationName(association, i18n.language, t)}
        {shownRegistrationRef(association) !== null && <> · <bdi dir="ltr">{shownRegistrationRef(association)}</bdi></>}
      </h3>
      <p className="privacy-subject__exports">
        <a className="button button--primary" href={base} download={`association-${association.id}.json`}>
          {t('privacy.exportJson')}
        </a>{' '}
        <a className="button button--secondary" href={`${base}?format=html`} target="_blank" rel="noopener">
          {t('privacy.exportHtml')}
        </a>
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          erase.mutate();
        }}
      >
        <TextInput
          id="erase-confirmation"
          label={t('privacy.confirmReference')}
          hint={t('privacy.eraseHint')}
          error={erase.error}
          path="confirmReference"
          dir="ltr"
          autoComplete="off"
          value={confirmation}
          onChange={(event) => setConfirmation(event.target.value)}
          required
        />
        <button type="submit" className="button--danger" disabled={erase.isPending || confirmation.trim() === ''}>
          {t('privacy.erase')}
        </button>
      </form>
      {erase.data && <ErasureResult report={erase.data} />}
    </article>
  );
}

/** Data-subject requests (law 09-08): find an association, export what is held, erase on request. */
export function DataSubjectPanel() {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  // One search per pause in typing, not one per key.
  const query = useDebouncedValue(text.trim(), 300);
  // The chosen association stays on screen after its erasure, though the search no longer finds it.
  const [selected, setSelected] = useState<TAssociation | null>(null);
  const list = useQuery({
    queryKey: ['privacy', 'associations', query],
    queryFn: () => apiRequest<{ items: TAssociation[] }>(`/api/associations?limit=20${query ? `&q=${encodeURIComponent(query)}` : ''}`),
    placeholderData: (previous) => previous,
  });
  return (
    <section aria-labelledby="privacy-associations">
      <h2 id="privacy-associations">{t('privacy.associations')}</h2>
      <TextInput id="privacy-association-q" label={t('privacy.search')} type="search" dir="auto" autoComplete="off" value={text} onChange={(event) => setText(event.target.value)} />
      <fieldset className="privacy-choices">
        <legend>{t('privacy.choose')}</legend>
        {list.data?.items.length === 0 && <p>{t('privacy.noAssociation')}</p>}
        {list.data?.items.map((association) => (
          <label key={association.id} className="choice">
            <input type="radio" name="privacy-association" checked={association.id === selected?.id} onChange={() => setSelected(association)} />
            <span dir="auto">{associationName(association, i18n.language, t)}</span> <bdi dir="ltr">{shownRegistrationRef(association)}</bdi>
          </label>
        ))}
      </fieldset>
      {selected && (
        <AssociationSubject
          key={selected.id}
          association={selected}
          onErased={() => {
            void list.refetch();
            void apiRequest<TAssociation>(`/api/associations/${selected.id}`).then(setSelected);
          }}
        />
      )}
    </section>
  );
}
