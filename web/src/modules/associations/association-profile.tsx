import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REGIONS, type TRegionKey } from '@mowakaba/shared/constants';
import type { TAssociation } from '@mowakaba/shared/schemas/associations';
import { SaveError } from '../ui/field-error';
import { FormActions } from '../ui/form-actions';
import { describedBy, FormField } from '../ui/form-field';
import { newerAssociationOf, useUpdateAssociation } from './use-update-association';
import { shownRegistrationRef, shownText } from './association-name';

type ProfileDraft = Pick<TAssociation, 'name' | 'registrationRef' | 'region' | 'province' | 'city' | 'fieldOfActivity' | 'notes'>;
const PROFILE_FIELDS = ['registrationRef', 'region', 'province', 'city', 'fieldOfActivity', 'notes'] as const;

const draftOf = (association: TAssociation): ProfileDraft => ({
  name: { ...association.name },
  registrationRef: association.registrationRef,
  region: association.region,
  province: association.province,
  city: association.city,
  fieldOfActivity: association.fieldOfActivity,
  notes: association.notes,
});

/**
 * After a refused save: the colleague's values for every field this user left alone, the user's own
 * where they changed it.
 */
function mergeDrafts(original: ProfileDraft, draft: ProfileDraft, newer: ProfileDraft): ProfileDraft {
  const pick = <K extends keyof ProfileDraft>(field: K) => (draft[field] === original[field] ? newer[field] : draft[field]);
  return {
    name: { ar: draft.name.ar === original.name.ar ? newer.name.ar : draft.name.ar, fr: draft.name.fr === original.name.fr ? newer.name.fr : draft.name.fr },
    registrationRef: pick('registrationRef'),
    region: pick('region'),
    province: pick('province'),
    city: pick('city'),
    fieldOfActivity: pick('fieldOfActivity'),
    notes: pick('notes'),
  };
}

type FieldConflict = { field: string; value: string };

/**
 * Fields the user and a colleague both changed, differently, since the draft started: the
 * colleague's value, which saving again replaces with the user's.
 */
function bothChanged(original: ProfileDraft, draft: ProfileDraft, newer: ProfileDraft): FieldConflict[] {
  const fields: Array<FieldConflict & { mine: string; before: string }> = [
    { field: 'nameAr', value: newer.name.ar, mine: draft.name.ar, before: original.name.ar },
    { field: 'nameFr', value: newer.name.fr, mine: draft.name.fr, before: original.name.fr },
    ...PROFILE_FIELDS.map((field) => ({ field, value: newer[field], mine: draft[field], before: original[field] })),
  ];
  return fields.filter((item) => item.value !== item.before && item.mine !== item.before && item.value !== item.mine).map(({ field, value }) => ({ field, value }));
}

export function regionName(key: TRegionKey | string, language: string): string {
  const region = REGIONS.find((candidate) => candidate.key === key);
  return region ? (language === 'ar' ? region.ar : region.fr) : key;
}

/** The association's profile, read and — for staff — edited; a save over a colleague's shows their version and keeps the draft. */
export function AssociationProfile({ association }: { association: TAssociation }) {
  const { t, i18n } = useTranslation();
  const update = useUpdateAssociation(association.id);
  const [draft, setDraft] = useState<ProfileDraft | null>(null);
  // What the draft started from, to tell the user's changes from a colleague's.
  const [original, setOriginal] = useState<ProfileDraft>(() => draftOf(association));
  const [baseVersion, setBaseVersion] = useState(association.version);
  const [conflicts, setConflicts] = useState<FieldConflict[]>([]);
  const newer = newerAssociationOf(update.error);

  const startEditing = () => {
    update.reset();
    setBaseVersion(association.version);
    setOriginal(draftOf(association));
    setDraft(draftOf(association));
  };
  const save = (current: ProfileDraft) =>
    update.mutate(
      { version: baseVersion, ...current },
      {
        onSuccess: () => setDraft(null),
        // The colleague's changes join the draft; saving again goes on top of their version.
        onError: (error) => {
          const latest = newerAssociationOf(error);
          if (!latest) return;
          setConflicts(bothChanged(original, current, draftOf(latest)));
          setDraft(mergeDrafts(original, current, draftOf(latest)));
          setOriginal(draftOf(latest));
          setBaseVersion(latest.version);
        },
      },
    );

  if (!draft) {
    return (
      <section className="card association-profile" aria-labelledby="association-profile-title">
        <div className="section-header">
          <h2 id="association-profile-title">{t('associationPage.profile')}</h2>
          <button type="button" onClick={startEditing} disabled={association.mergedIntoId !== null}>
            {t('associationPage.edit')}
          </button>
        </div>
        {update.isSuccess && <p role="status">{t('associationPage.saved')}</p>}
        {association.mergedIntoId && <p className="notice">{t('associationPage.merged')}</p>}
        <dl className="profile-fields">
          <ProfileField label={t('associationPage.nameAr')} value={shownText(association.name.ar, t)} />
          <ProfileField label={t('associationPage.nameFr')} value={shownText(association.name.fr, t)} />
          <ProfileField label={t('associationPage.registrationRef')} value={shownRegistrationRef(association) ?? ''} ltr />
          <ProfileField label={t('associationPage.region')} value={regionName(association.region, i18n.language)} />
          <ProfileField label={t('associationPage.province')} value={association.province} />
          <ProfileField label={t('associationPage.city')} value={association.city} />
          <ProfileField label={t('associationPage.fieldOfActivity')} value={association.fieldOfActivity} />
          <ProfileField label={t('associationPage.notes')} value={association.notes} wide />
        </dl>
      </section>
    );
  }

  const set = (changes: Partial<ProfileDraft>) => setDraft({ ...draft, ...changes });
  const text = (field: (typeof PROFILE_FIELDS)[number], options: { ltr?: boolean } = {}) => (
    <FormField id={`association-${field}`} label={t(`associationPage.${field}`)} error={update.error} path={field}>
      <input id={`association-${field}`} dir={options.ltr ? 'ltr' : 'auto'} value={draft[field]} aria-describedby={describedBy(`association-${field}`)} onChange={(event) => set({ [field]: event.target.value })} />
    </FormField>
  );
  return (
    <form
      className="card association-profile association-profile--editing"
      aria-labelledby="association-profile-title"
      onSubmit={(event) => {
        event.preventDefault();
        save(draft);
      }}
    >
      <h2 id="association-profile-title">{t('associationPage.profile')}</h2>
      {newer && (
        <div className="notice" role="alert">
          <p>{t('associationPage.conflict')}</p>
          <ul>
            {conflicts.map((item) => (
              <li key={item.field}>
                {t(`associationPage.${item.field}`)}: <span dir="auto">{item.field === 'region' ? regionName(item.value, i18n.language) : item.value || '—'}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="form-grid">
        <FormField id="association-name-ar" label={t('associationPage.nameAr')} error={update.error} path="name.ar">
          <input id="association-name-ar" dir="auto" lang="ar" required value={draft.name.ar} aria-describedby={describedBy('association-name-ar')} onChange={(event) => set({ name: { ...draft.name, ar: event.target.value } })} />
        </FormField>
        <FormField id="association-name-fr" label={t('associationPage.nameFr')} error={update.error} path="name.fr">
          <input id="association-name-fr" dir="auto" lang="fr" required value={draft.name.fr} aria-describedby={describedBy('association-name-fr')} onChange={(event) => set({ name: { ...draft.name, fr: event.target.value } })} />
        </FormField>
        {text('registrationRef', { ltr: true })}
        <FormField id="association-region" label={t('associationPage.region')} error={update.error} path="region">
          <select id="association-region" value={draft.region} aria-describedby={describedBy('association-region')} onChange={(event) => set({ region: event.target.value as TRegionKey })}>
            {REGIONS.map((region) => (
              <option key={region.key} value={region.key}>
                {i18n.language === 'ar' ? region.ar : region.fr}
              </option>
            ))}
          </select>
        </FormField>
        {text('province')}
        {text('city')}
        {text('fieldOfActivity')}
        <FormField id="association-notes" label={t('associationPage.notes')} error={update.error} path="notes" wide>
          <textarea id="association-notes" dir="auto" rows={4} value={draft.notes} aria-describedby={describedBy('association-notes')} onChange={(event) => set({ notes: event.target.value })} />
        </FormField>
      </div>
      <SaveError error={update.error} handled={newer !== undefined} />
      <FormActions pending={update.isPending} onCancel={() => setDraft(null)} />
    </form>
  );
}

function ProfileField({ label, value, ltr, wide }: { label: string; value: string; ltr?: boolean; wide?: boolean }) {
  return (
    <div className={wide ? 'profile-fields__wide' : undefined}>
      <dt>{label}</dt>
      {ltr ? (
        <dd>
          <bdi dir="ltr">{value || '—'}</bdi>
        </dd>
      ) : (
        <dd dir="auto">{value || '—'}</dd>
      )}
    </div>
  );
}
