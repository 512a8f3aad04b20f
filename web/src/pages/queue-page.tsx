import { Plus } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearch } from 'wouter';
import { CallbackTasksTable } from '../modules/calls/callback-tasks-table';
import { WaitingCallsTable } from '../modules/calls/waiting-calls-table';
import { TicketSearchResults } from '../modules/ticket-search/ticket-search-results';
import { useSession } from '../modules/auth/use-session';
import { AgentPresenceBoard } from '../modules/presence/agent-presence-board';
import { QUEUE_VIEWS, QueueTable, type TQueueView } from '../modules/tickets/queue-table';
import { Tabs } from '../modules/ui/tabs';
import { useDebouncedValue } from '../modules/ui/use-debounced-value';

/** The ticket list's filters the queue takes from its URL (a dashboard figure links here with them). */
const URL_FILTERS = ['createdFrom', 'createdTo', 'solvedFrom', 'solvedTo', 'updatedFrom', 'updatedTo', 'team', 'topic', 'channel', 'region', 'assignee', 'status', 'priority', 'tag'] as const;

// One search request per pause in typing, not one per key.
const SEARCH_PAUSE_MS = 300;

export function QueuePage() {
  const { t } = useTranslation();
  const [view, setView] = useState<TQueueView>('all');
  const [text, setText] = useState('');
  const searched = useDebouncedValue(text, SEARCH_PAUSE_MS);
  const session = useSession();
  const supervises = session.data?.role === 'supervisor' || session.data?.role === 'admin';
  const search = useSearch();
  const filters = useMemo(() => {
    const params = new URLSearchParams(search);
    const given = URL_FILTERS.flatMap((name) => (params.get(name) ? [[name, params.get(name)!] as const] : []));
    return given.length > 0 ? Object.fromEntries(given) : undefined;
  }, [search]);
  return (
    <section>
      <div className="section-header">
        <h1>{t('nav.queue')}</h1>
        <Link href="/tickets/new" className="button button--primary button-link">
          <Plus className="icon" aria-hidden="true" />
          {t('newTicket.title')}
        </Link>
      </div>
      <div className="queue-calls">
        <WaitingCallsTable />
        <CallbackTasksTable />
      </div>
      {supervises && <AgentPresenceBoard />}
      {filters && (
        <p role="status" className="notice queue-filtered">
          {t('drill.filteredTickets')}{' '}
          <Link href="/">{t('drill.wholeQueue')}</Link>
        </p>
      )}
      {!filters && (
        <div className="queue-toolbar">
          <Tabs label={t('queue.views')} tabs={QUEUE_VIEWS.map((key) => ({ key, label: t(`queue.view.${key}`) }))} selected={view} onSelect={setView} />
          <label>
            <span>{t('ticketSearch.searchLabel')}</span>
            <input type="search" className="control" dir="auto" value={text} onChange={(event) => setText(event.target.value)} />
          </label>
        </div>
      )}
      {searched.trim() ? <TicketSearchResults q={searched.trim()} /> : <QueueTable key={filters ? search : view} view={view} text="" filters={filters} />}
    </section>
  );
}
