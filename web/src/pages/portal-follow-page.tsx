import { FollowRequest } from '../modules/portal/follow-request';

export function PortalFollowPage() {
  return <FollowRequest />;
}
