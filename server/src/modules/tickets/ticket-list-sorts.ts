import type { TTicketListQuery } from '@mowakaba/shared/schemas/tickets';
import type { SortKey } from '../../database/cursor.js';

/** The record fields each list sort orders by, the id last to break ties; cursors carry their values. */
export const SORTS: Record<TTicketListQuery['sort'], SortKey[]> = {
  queue: [
    { field: 'priorityRank', direction: -1 },
    { field: 'createdAt', direction: 1 },
    { field: '_id', direction: 1 },
  ],
  createdAt: [
    { field: 'createdAt', direction: 1 },
    { field: '_id', direction: 1 },
  ],
  '-createdAt': [
    { field: 'createdAt', direction: -1 },
    { field: '_id', direction: -1 },
  ],
  updatedAt: [
    { field: 'updatedAt', direction: 1 },
    { field: '_id', direction: 1 },
  ],
  '-updatedAt': [
    { field: 'updatedAt', direction: -1 },
    { field: '_id', direction: -1 },
  ],
};
