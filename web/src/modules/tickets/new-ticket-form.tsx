import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { CONTENT_LANGUAGES, REGIONS, TICKET_CHANNELS, TICKET_PRIORITIES, TOPIC_KEYS, type TRegionKey } from '@mowakaba/shared/constants';
import type { TAssociation, TCreateAssociationRequest } from '@mowakaba/shared/schemas/associations';
import type { TCreateTicketRequest, TTicket } from '@mowakaba/shared/schemas/tickets';
import { apiRequest } from '../../lib/api-client';
import { SaveError } from '../ui/field-error';
import { describedBy, FormField } from '../ui/form-field';
import { associationName, shownRegistrationRef } from '../associations/association-name';
import { useSession } from '../auth/use-session';

type AssociationChoice = { kind: 'none' } | { kind: 'existing'; id: string } | { kind: 'new' };

/** A ticket written by staff for a walk-in, a phone call, an e-mail…: attached to a known association, a new one, or none. */
export function NewTicketForm() {
  const { t, i18n } = useTranslation();
  const [, navigate] = useLocation();
  const [ticket, setTicket] = useState({ subject: '', description: '', channel: 'walk-in', language: i18n.language === 'ar' ? 'ar' : 'fr', topic: 'other', priority: 'normal' });
  const [choice, setChoice] = useState<AssociationChoice>({ kind: 'none' });
  const [search, setSearch] = useState('');
  // Whoever writes down a visit or a call usually follows it up; without this, routing may give it to a team they are not in, out of their sight.
  const [keepIt, setKeepIt] = useState(true);
  const session = useSession();
  const [association, setAssociation] = useState({ nameAr: '', nameFr: '', registrationRef: '', region: 'rabat-sale-kenitra' as TRegionKey, city: '', contactName: '', phone: '' });
  const found = useQuery({
    queryKey: ['associations', 'pick', search.trim()],
    queryFn: () => apiRequest<{ items: TAssociation[] }>(`/api/associations?limit=6&q=${encodeURIComponent(search.trim())}`),
    enabled: search.trim().length >= 2,
  });
  const create = useMutation({
    mutationFn: async () => {
      let associationId: string | undefined;
      if (choice.kind === 'existing') associationId = choice.id;
      if (choice.kind === 'new') {
        const body: Partial<TCreateAssociationRequest> = {
          name: { ar: association.nameAr || association.nameFr, fr: association.nameFr || association.nameAr },
          registrationRef: association.registrationRef,
          region: association.region,
          city: association.city,
          contacts: association.contactName ? [{ name: association.contactName, role: '', phones: association.phone ? [association.phone] : [], emails: [] }] : [],
        };
        associationId = (await apiRequest<TAssociation>('/api/associations', { method: 'POST', body })).id;
      }
      const assigneeId = keepIt ? session.data?.id : undefined;
      return apiRequest<TTicket>('/api/tickets', { method: 'POST', body: { ...ticket, ...(associationId ? { associationId } : {}), ...(assigneeId ? { assigneeId } : {}) } as Partial<TCreateTicketRequest> });
    },
    onSuccess: (created) => navigate(`/tickets/${created.id}`),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const set = (field: keyof typeof ticket) => (event: { target: { value: string } }) => setTicket({ ...ticket, [field]: event.target.value });
  const setAssociationField = (field: keyof typeof association) => (event: { target: { value: string } }) => setAssociation({ ...association, [field]: event.target.value });
  return (
    <form className="card form-grid" onSubmit={submit} aria-labelledby="new-ticket-title">
      <h1 id="new-ticket-title" className="form-grid__wide">
        {t('newTicket.title')}
      </h1>
      <label>
        <span>{t('ticket.channel')}</span>
        <select value={ticket.channel} onChange={set('channel')}>
          {TICKET_CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {t(`channels.${channel}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('ticket.language')}</span>
        <select value={ticket.language} onChange={set('language')}>
          {CONTENT_LANGUAGES.map((language) => (
            <option key={language} value={language}>
              {t(`kbEditor.languages.${language}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('ticket.topic')}</span>
        <select value={ticket.topic} onChange={set('topic')}>
          {TOPIC_KEYS.map((topic) => (
            <option key={topic} value={topic}>
              {t(`topics.${topic}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('ticket.priority')}</span>
        <select value={ticket.priority} onChange={set('priority')}>
          {TICKET_PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {t(`priority.${priority}`)}
            </option>
          ))}
        </select>
      </label>
      <FormField id="new-ticket-subject" label={t('ticket.subject')} error={create.error} path="subject" wide>
        <input id="new-ticket-subject" dir="auto" required value={ticket.subject} onChange={set('subject')} aria-describedby={describedBy('new-ticket-subject')} />
      </FormField>
      <FormField id="new-ticket-description" label={t('newTicket.description')} error={create.error} path="description" wide>
        <textarea id="new-ticket-description" dir="auto" rows={5} value={ticket.description} onChange={set('description')} aria-describedby={describedBy('new-ticket-description')} />
      </FormField>
      <fieldset className="form-grid__wide checkbox-group">
        <legend>{t('ticket.association')}</legend>
        <label>
          <input type="radio" name="association" checked={choice.kind === 'none'} onChange={() => setChoice({ kind: 'none' })} />
          {t('newTicket.noAssociation')}
        </label>
        <label>
          <input type="radio" name="association" checked={choice.kind === 'new'} onChange={() => setChoice({ kind: 'new' })} />
          {t('newTicket.newAssociation')}
        </label>
        <label className="new-ticket__search">
          <span>{t('association.search')}</span>
          <input type="search" dir="auto" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
        {found.data?.items.length === 0 && <p>{t('newTicket.noMatch')}</p>}
        {(found.data?.items ?? []).map((item) => (
          <label key={item.id}>
            <input type="radio" name="association" checked={choice.kind === 'existing' && choice.id === item.id} onChange={() => setChoice({ kind: 'existing', id: item.id })} />
            <span dir="auto">{associationName(item, i18n.language, t)}</span>
            {shownRegistrationRef(item) !== null && <> · <bdi dir="ltr">{shownRegistrationRef(item)}</bdi></>}
          </label>
        ))}
      </fieldset>
      {choice.kind === 'new' && (
        <>
          <label>
            <span>{t('newTicket.nameAr')}</span>
            <input dir="rtl" lang="ar" value={association.nameAr} onChange={setAssociationField('nameAr')} />
          </label>
          <label>
            <span>{t('newTicket.nameFr')}</span>
            <input dir="ltr" lang="fr" value={association.nameFr} onChange={setAssociationField('nameFr')} />
          </label>
          <label>
            <span>{t('association.reference')}</span>
            <input dir="ltr" required value={association.registrationRef} onChange={setAssociationField('registrationRef')} />
          </label>
          <label>
            <span>{t('association.region')}</span>
            <select value={association.region} onChange={setAssociationField('region')}>
              {REGIONS.map((region) => (
                <option key={region.key} value={region.key}>
                  {i18n.language === 'ar' ? region.ar : region.fr}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('association.city')}</span>
            <input dir="auto" value={association.city} onChange={setAssociationField('city')} />
          </label>
          <label>
            <span>{t('newTicket.contactName')}</span>
            <input dir="auto" value={association.contactName} onChange={setAssociationField('contactName')} />
          </label>
          <label>
            <span>{t('newTicket.contactPhone')}</span>
            <input dir="ltr" inputMode="tel" value={association.phone} onChange={setAssociationField('phone')} />
          </label>
        </>
      )}
      <label className="checkbox form-grid__wide">
        <input type="checkbox" checked={keepIt} onChange={(event) => setKeepIt(event.target.checked)} />
        {t('newTicket.assignToMe')}
      </label>
      <SaveError error={create.error} />
      <div className="form-actions form-grid__wide">
        <button type="submit" disabled={create.isPending}>
          {t('newTicket.create')}
        </button>
      </div>
    </form>
  );
}
