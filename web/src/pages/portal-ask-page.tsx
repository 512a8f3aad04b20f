import { useState } from 'react';
import type { TPortalRequestCreated } from '@mowakaba/shared/schemas/portal';
import { RequestCreated } from '../modules/portal/request-created';
import { RequestForm } from '../modules/portal/request-form';

export function PortalAskPage() {
  const [created, setCreated] = useState<TPortalRequestCreated>();
  return created ? <RequestCreated created={created} /> : <RequestForm onCreated={setCreated} />;
}
