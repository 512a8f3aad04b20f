import { AssociationPanel } from '../modules/associations/association-panel';

export function AssociationPage({ associationId }: { associationId: string }) {
  return <AssociationPanel associationId={associationId} />;
}
