import { UserCheck } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTENT_LANGUAGES, TICKET_PRIORITIES, TOPIC_KEYS } from '@mowakaba/shared/constants';
import type { TTicket, TUpdateTicketRequest } from '@mowakaba/shared/schemas/tickets';
import type { TUser } from '@mowakaba/shared/schemas/users';
import { teamName } from '../teams/team-name';
import { useTeams } from '../teams/use-teams';
import { Button } from '../ui/button';
import { useColleagues } from '../users/use-colleagues';

type Save = (changes: Omit<TUpdateTicketRequest, 'version'>) => void;

/** Owner, team, priority, topic, language and tags, each changed in place with the version the agent saw. */
export function TicketFields({ ticket, user, save, saving }: { ticket: TTicket; user: TUser; save: Save; saving: boolean }) {
  const { t, i18n } = useTranslation();
  const teams = useTeams();
  const colleagues = useColleagues();
  const closed = ticket.status === 'closed';
  const people = [...(colleagues.data?.items ?? [])].sort(
    // The ticket's team first: the colleagues most likely to take it.
    (a, b) => Number(b.teamIds.includes(ticket.teamId ?? '')) - Number(a.teamIds.includes(ticket.teamId ?? '')) || a.name.localeCompare(b.name),
  );
  const assigneeKnown = !ticket.assigneeId || people.some((person) => person.id === ticket.assigneeId);
  return (
    <div className="ticket-fields">
      <label>
        <span>{t('ticket.assignee')}</span>
        <span className="ticket-fields__row">
          <select
            value={ticket.assigneeId ?? ''}
            disabled={closed || saving}
            onChange={(event) => save({ assigneeId: event.target.value || null })}
          >
            <option value="">{t('ticket.unassigned')}</option>
            {!assigneeKnown && <option value={ticket.assigneeId!}>{t('ticket.someoneElse')}</option>}
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
          {ticket.assigneeId !== user.id && !closed && (
            <Button variant="secondary" small icon={UserCheck} disabled={saving} onClick={() => save({ assigneeId: user.id })}>
              {t('ticket.assignToMe')}
            </Button>
          )}
        </span>
      </label>
      <label>
        <span>{t('ticket.team')}</span>
        <select value={ticket.teamId ?? ''} disabled={closed || saving} onChange={(event) => save({ teamId: event.target.value || null })}>
          <option value="">{t('ticket.noTeam')}</option>
          {(teams.data?.items ?? []).map((team) => (
            <option key={team.id} value={team.id}>
              {teamName(team, i18n.language)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('ticket.priority')}</span>
        <select
          className={`priority--${ticket.priority}`}
          value={ticket.priority}
          disabled={closed || saving}
          onChange={(event) => save({ priority: event.target.value as TTicket['priority'] })}
        >
          {TICKET_PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {t(`priority.${priority}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('ticket.topic')}</span>
        <select value={ticket.topic} disabled={closed || saving} onChange={(event) => save({ topic: event.target.value as TTicket['topic'] })}>
          {TOPIC_KEYS.map((topic) => (
            <option key={topic} value={topic}>
              {t(`topics.${topic}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('ticket.language')}</span>
        <select value={ticket.language} disabled={closed || saving} onChange={(event) => save({ language: event.target.value as TTicket['language'] })}>
          {CONTENT_LANGUAGES.map((language) => (
            <option key={language} value={language}>
              {t(`kbEditor.languages.${language}`)}
            </option>
          ))}
        </select>
      </label>
      <TagsField tags={ticket.tags} disabled={closed || saving} save={(tags) => save({ tags })} />
    </div>
  );
}

const parseTags = (text: string): string[] => [...new Set(text.split(/[\s,،]+/u).map((tag) => tag.trim().toLowerCase()).filter(Boolean))];

/** Tags as words separated by commas or spaces; saved on Enter or when leaving the field. */
function TagsField({ tags, disabled, save }: { tags: string[]; disabled: boolean; save: (tags: string[]) => void }) {
  const { t } = useTranslation();
  const saved = tags.join(', ');
  const [text, setText] = useState(saved);
  const [shown, setShown] = useState(saved);
  // A colleague's change (live, or sent back with a refused save) replaces the field only when the
  // agent has nothing unsaved in it: what they typed stays until it is saved.
  if (saved !== shown) {
    setShown(saved);
    if (text === shown || parseTags(text).join(', ') === saved) setText(saved);
  }
  const commit = () => {
    // The field is disabled while a save runs, which takes the focus away from it: that blur is no second save.
    if (disabled) return;
    const next = parseTags(text);
    if (next.join(',') !== tags.join(',')) save(next);
  };
  return (
    <label className="ticket-fields__tags">
      <span>{t('ticket.tags')}</span>
      <input
        dir="auto"
        value={text}
        disabled={disabled}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit();
          }
        }}
      />
    </label>
  );
}
