import { useTranslation } from 'react-i18next';
import { AssociationContacts } from '../modules/associations/association-contacts';
import { AssociationHistory } from '../modules/associations/association-history';
import { useAssociation } from '../modules/associations/association-panel';
import { AssociationProfile } from '../modules/associations/association-profile';
import { associationName } from '../modules/associations/association-name';

/** An association's page: profile, contacts and history. */
export function AssociationPage({ associationId }: { associationId: string }) {
  const { t, i18n } = useTranslation();
  const association = useAssociation(associationId);
  if (association.isError) return <p role="alert">{t('associationPage.notFound')}</p>;
  if (!association.data) return <p aria-busy="true">{t('common.loading')}</p>;
  const data = association.data;
  return (
    <div className="association-page">
      <h1 dir="auto">{associationName(data, i18n.language, t)}</h1>
      <AssociationProfile key={data.id} association={data} />
      <AssociationContacts association={data} />
      <AssociationHistory associationId={data.id} />
    </div>
  );
}
