import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TAssociation, TContact } from '@mowakaba/shared/schemas/associations';
import { DataTable } from '../ui/data-table';
import { SaveError } from '../ui/field-error';
import { FormActions } from '../ui/form-actions';
import { describedBy, FormField } from '../ui/form-field';
import { newerAssociationOf, useUpdateAssociation } from './use-update-association';

interface ContactDraft {
  /** Undefined for a new contact. */
  id?: string;
  name: string;
  role: string;
  phones: string;
  emails: string;
}

const splitList = (text: string) =>
  text
    .split(/[,;\n]/)
    .map((item) => item.trim())
    .filter(Boolean);

const asInput = (contact: TContact) => ({ id: contact.id, name: contact.name, role: contact.role, phones: contact.phones, emails: contact.emails });

/**
 * The association's contacts: a table, and a form to add one or edit one. The whole list is saved
 * with the version seen, so a colleague's change in between answers 409 instead of being lost.
 */
export function AssociationContacts({ association }: { association: TAssociation }) {
  const { t } = useTranslation();
  const update = useUpdateAssociation(association.id);
  const [draft, setDraft] = useState<ContactDraft | null>(null);
  const newer = newerAssociationOf(update.error);
  const index = draft?.id ? association.contacts.findIndex((contact) => contact.id === draft.id) : association.contacts.length;

  const columns = useMemo(
    () =>
      [
        { id: 'name', header: t('associationPage.contactName'), cell: ({ row }) => <span dir="auto">{row.original.name}</span> },
        { id: 'role', header: t('associationPage.contactRole'), cell: ({ row }) => <span dir="auto">{row.original.role}</span> },
        {
          id: 'phones',
          header: t('associationPage.phones'),
          // E.164 numbers read left to right even inside Arabic.
          cell: ({ row }) => (
            <ul className="plain-list">
              {row.original.phones.map((phone) => (
                <li key={phone}>
                  <bdi dir="ltr" className="phone">
                    {phone}
                  </bdi>
                </li>
              ))}
            </ul>
          ),
        },
        {
          id: 'emails',
          header: t('associationPage.emails'),
          cell: ({ row }) => (
            <ul className="plain-list">
              {row.original.emails.map((email) => (
                <li key={email}>
                  <bdi dir="ltr">{email}</bdi>
                </li>
              ))}
            </ul>
          ),
        },
        {
          id: 'actions',
          header: t('associationPage.actions'),
          cell: ({ row }) => (
            <button
              type="button"
              className="button--quiet"
              aria-label={t('associationPage.editContact', { name: row.original.name })}
              onClick={() => {
                update.reset();
                setDraft({ id: row.original.id, name: row.original.name, role: row.original.role, phones: row.original.phones.join(', '), emails: row.original.emails.join(', ') });
              }}
            >
              {t('associationPage.edit')}
            </button>
          ),
        },
      ] satisfies ColumnDef<TContact, unknown>[],
    [t, update],
  );

  const save = (contact: ContactDraft) => {
    const edited = { ...(contact.id ? { id: contact.id } : {}), name: contact.name, role: contact.role, phones: splitList(contact.phones), emails: splitList(contact.emails) };
    const contacts = contact.id
      ? association.contacts.map((existing) => (existing.id === contact.id ? edited : asInput(existing)))
      : [...association.contacts.map(asInput), edited];
    update.mutate({ version: association.version, contacts }, { onSuccess: () => setDraft(null) });
  };
  const removeContact = (id: string) =>
    update.mutate({ version: association.version, contacts: association.contacts.filter((contact) => contact.id !== id).map(asInput) }, { onSuccess: () => setDraft(null) });

  const path = (field: string) => `contacts.${index}.${field}`;
  return (
    <section className="card" aria-labelledby="association-contacts-title">
      <div className="section-header">
        <h2 id="association-contacts-title">{t('associationPage.contacts')}</h2>
        <button
          type="button"
          disabled={association.mergedIntoId !== null}
          onClick={() => {
            update.reset();
            setDraft({ name: '', role: '', phones: '', emails: '' });
          }}
        >
          {t('associationPage.addContact')}
        </button>
      </div>
      <DataTable label={t('associationPage.contacts')} columns={columns} rows={association.contacts} getRowId={(contact) => contact.id} emptyText={t('associationPage.noContact')} />
      {draft && (
        <form
          className="contact-form"
          aria-label={draft.id ? t('associationPage.editContact', { name: draft.name }) : t('associationPage.addContact')}
          onSubmit={(event) => {
            event.preventDefault();
            save(draft);
          }}
        >
          {newer && (
            <p className="notice" role="alert">
              {t('associationPage.contactConflict')}
            </p>
          )}
          <div className="form-grid">
            <FormField id="contact-name" label={t('associationPage.contactName')} error={update.error} path={path('name')}>
              <input id="contact-name" dir="auto" required value={draft.name} aria-describedby={describedBy('contact-name')} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
            </FormField>
            <FormField id="contact-role" label={t('associationPage.contactRole')} error={update.error} path={path('role')}>
              <input id="contact-role" dir="auto" value={draft.role} aria-describedby={describedBy('contact-role')} onChange={(event) => setDraft({ ...draft, role: event.target.value })} />
            </FormField>
            <FormField id="contact-phones" label={t('associationPage.phonesInput')} hint={t('associationPage.phonesHint')} error={update.error} path={path('phones')}>
              <input id="contact-phones" dir="ltr" inputMode="tel" autoComplete="off" placeholder="+212 6XX XX XX XX" value={draft.phones} aria-describedby={describedBy('contact-phones')} onChange={(event) => setDraft({ ...draft, phones: event.target.value })} />
            </FormField>
            <FormField id="contact-emails" label={t('associationPage.emailsInput')} error={update.error} path={path('emails')}>
              <input id="contact-emails" dir="ltr" inputMode="email" value={draft.emails} aria-describedby={describedBy('contact-emails')} onChange={(event) => setDraft({ ...draft, emails: event.target.value })} />
            </FormField>
          </div>
          <SaveError error={update.error} handled={newer !== undefined} conflictText={t('associationPage.phoneShared')} />
          <FormActions pending={update.isPending} onCancel={() => setDraft(null)}>
            {draft.id && (
              <button type="button" className="button--danger" disabled={update.isPending} onClick={() => removeContact(draft.id!)}>
                {t('associationPage.removeContact')}
              </button>
            )}
          </FormActions>
        </form>
      )}
    </section>
  );
}
