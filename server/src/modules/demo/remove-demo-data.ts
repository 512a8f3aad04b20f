import type { TDemoDataRemoval, TDemoDataState } from '@mowakaba/shared/schemas/demo-data';
import { getStorage } from '../../platform/storage/index.js';
import type { EventPublisher } from '../../realtime/event-publisher.js';
import { hasAssociationHistory } from '../associations/association-history-pages.js';
import { removeAssociation } from '../associations/association.store.js';
import { recordAuditEntry, type AuditActor } from '../audit/audit-log.service.js';
import { removeArticles } from '../kb/remove-articles.js';
import { removeTicket } from '../tickets/ticket.store.js';
import { getUserById, updateUser } from '../users/users.service.js';
import { countDemoRecords, forgetDemoRecords, listDemoRecords, readDemoDataMarkers, recordDemoDataRemoved } from './demo-records.js';

/** One removal at a time across nodes (a second one waits, then finds nothing left). */
const DEMO_DATA_MUTEX = 'demo-data';

/** Where the demo data stands, for the administration screen. */
export async function getDemoDataState(): Promise<TDemoDataState> {
  const [markers, tickets, associations, articles, users] = await Promise.all([
    readDemoDataMarkers(),
    countDemoRecords('ticket'),
    countDemoRecords('association'),
    countDemoRecords('article'),
    countDemoRecords('user'),
  ]);
  return { ...markers, remaining: { tickets, associations, articles, users } };
}

/**
 * Removes exactly what the demo seeding created and marked: its tickets (through the ticket owner,
 * so every node's directory, search, rollups, pages and open consoles follow), then its associations
 * that hold no real work (a real ticket, call or message on a demo association keeps it, and its
 * mark, so a later removal looks again), its articles, and disables its users (their password is
 * printed in the README; audit entries and real tickets may still name them). Demo teams stay: real
 * users and tickets may have been routed to them. Idempotent and audited; the next start does not
 * load the demo again.
 */
export async function removeDemoData(context: { actor: AuditActor; publisher: EventPublisher; requestId?: string }): Promise<TDemoDataRemoval> {
  const storage = getStorage();
  return storage.withMutex(
    [DEMO_DATA_MUTEX],
    async () => {
      const actorId = context.actor._id.toString();
      const removed = { tickets: 0, associations: 0, articles: 0, users: 0 };

      const tickets = await listDemoRecords('ticket');
      for (const id of tickets) if (await removeTicket(id, { actor: { id: actorId }, publisher: context.publisher })) removed.tickets += 1;
      await forgetDemoRecords('ticket', tickets);

      let kept = 0;
      for (const id of await listDemoRecords('association')) {
        if (await hasAssociationHistory(id)) {
          kept += 1;
          continue;
        }
        if (await removeAssociation(id, { publisher: context.publisher })) removed.associations += 1;
        await forgetDemoRecords('association', [id]);
      }

      const articles = await listDemoRecords('article');
      removed.articles = await removeArticles(articles);
      await forgetDemoRecords('article', articles);

      const users = await listDemoRecords('user');
      for (const id of users) {
        const user = await getUserById(id).catch(() => null);
        if (!user || user.disabled || id === actorId) continue;
        await updateUser(id, { disabled: true }, actorId);
        removed.users += 1;
      }
      await forgetDemoRecords('user', users);

      const removedAt = storage.clock.now();
      await recordDemoDataRemoved(removedAt);
      await recordAuditEntry({
        actor: context.actor,
        action: 'settings.change',
        targetKind: 'settings',
        targetId: 'demo-data',
        status: 200,
        details: { removed: 'demo-data', ...removed, keptAssociations: kept },
        requestId: context.requestId ?? null,
        at: removedAt,
      });
      return { removedAt: removedAt.toISOString(), removed, kept: { associations: kept } };
    },
    { ttlMs: 60_000, waitMs: 120_000 },
  );
}
