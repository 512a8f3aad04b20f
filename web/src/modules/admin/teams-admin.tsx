import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTENT_LANGUAGES, TOPIC_KEYS, type TContentLanguage, type TTopicKey } from '@mowakaba/shared/constants';
import type { TTeam } from '@mowakaba/shared/schemas/teams';
import { teamName } from '../teams/team-name';
import { useTeams } from '../teams/use-teams';
import { DataTable } from '../ui/data-table';
import { FieldError, SaveError } from '../ui/field-error';
import { CheckboxGroup } from './skill-checkboxes';
import { useCreateTeam, useUpdateTeam, useUsers } from './use-admin';
import { Button } from '../ui/button';

/** Teams with their skills and members: admins change them, supervisors read them. */
export function TeamsAdmin({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const teams = useTeams();
  const users = useUsers();
  const [editing, setEditing] = useState<TTeam | 'new' | null>(null);
  const nameOf = useMemo(() => new Map((users.data?.items ?? []).map((user) => [user.id, user.name])), [users.data]);
  const columns = useMemo(
    () =>
      [
        { id: 'name', header: t('admin.teams.name'), cell: ({ row }) => <span dir="auto">{teamName(row.original, i18n.language)}</span> },
        {
          id: 'languages',
          header: t('admin.teams.languages'),
          cell: ({ row }) => row.original.skills.languages.map((language) => t(`kbEditor.languages.${language}`)).join('، ') || '—',
        },
        {
          id: 'topics',
          header: t('admin.teams.topics'),
          cell: ({ row }) => row.original.skills.topics.map((topic) => t(`topics.${topic}`)).join(' · ') || '—',
        },
        {
          id: 'members',
          header: t('admin.teams.members'),
          cell: ({ row }) => row.original.memberIds.map((id) => nameOf.get(id) ?? '…').join('، ') || '—',
        },
      ] satisfies ColumnDef<TTeam, unknown>[],
    [t, i18n.language, nameOf],
  );
  return (
    <section className="admin-section" aria-labelledby="admin-teams-title">
      <div className="section-header">
        <h2 id="admin-teams-title">{t('admin.teams.title')}</h2>
        {canEdit && (
          <Button type="button" onClick={() => setEditing('new')}>
            {t('admin.teams.create')}
          </Button>
        )}
      </div>
      {editing && <TeamForm key={editing === 'new' ? 'new' : editing.id} team={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      <DataTable
        label={t('admin.teams.title')}
        columns={columns}
        rows={teams.data?.items ?? []}
        getRowId={(team) => team.id}
        onRowOpen={canEdit ? (team) => setEditing(team) : undefined}
        emptyText={teams.isPending ? t('common.loading') : t('admin.teams.empty')}
      />
    </section>
  );
}

function TeamForm({ team, onDone }: { team: TTeam | null; onDone: () => void }) {
  const { t } = useTranslation();
  const users = useUsers();
  const create = useCreateTeam();
  const update = useUpdateTeam(team?.id ?? '');
  const mutation = team ? update : create;
  const [names, setNames] = useState({ ar: team?.name.ar ?? '', fr: team?.name.fr ?? '', en: team?.name.en ?? '' });
  const [languages, setLanguages] = useState<TContentLanguage[]>(team?.skills.languages ?? []);
  const [topics, setTopics] = useState<TTopicKey[]>(team?.skills.topics ?? []);
  const [memberIds, setMemberIds] = useState<string[]>(team?.memberIds ?? []);
  const staff = (users.data?.items ?? []).filter((user) => !user.disabled);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const filled = [names.ar, names.fr, names.en].map((name) => name.trim());
    // One name is enough: it is used for every language until the others are written.
    const name = filled.every(Boolean) ? { ar: filled[0]!, fr: filled[1]!, en: filled[2]! } : (filled.find(Boolean) ?? '');
    mutation.mutate({ name, skills: { languages, topics }, memberIds }, { onSuccess: onDone });
  };
  return (
    <form className="card form-grid admin-form" onSubmit={submit} aria-label={team ? t('admin.teams.edit') : t('admin.teams.create')}>
      <h3 className="form-grid__wide">{team ? t('admin.teams.edit') : t('admin.teams.create')}</h3>
      {(['ar', 'fr', 'en'] as const).map((language) => (
        <label key={language}>
          <span>{t('admin.teams.nameIn', { language: t(`kbEditor.languages.${language}`) })}</span>
          <input className="control" dir="auto" value={names[language]} onChange={(event) => setNames({ ...names, [language]: event.target.value })} />
        </label>
      ))}
      <FieldError error={mutation.error} path="name" />
      <CheckboxGroup legend={t('admin.teams.languages')} options={CONTENT_LANGUAGES} selected={languages} label={(language) => t(`kbEditor.languages.${language}`)} onChange={setLanguages} />
      <CheckboxGroup legend={t('admin.teams.topics')} options={TOPIC_KEYS} selected={topics} label={(topic) => t(`topics.${topic}`)} onChange={setTopics} />
      <CheckboxGroup
        legend={t('admin.teams.members')}
        options={staff.map((user) => user.id)}
        selected={memberIds}
        label={(id) => staff.find((user) => user.id === id)?.name ?? id}
        onChange={setMemberIds}
      />
      <SaveError error={mutation.error} />
      <div className="form-actions form-grid__wide">
        <Button type="submit" disabled={mutation.isPending}>
          {t('associationPage.save')}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          {t('associationPage.cancel')}
        </Button>
      </div>
    </form>
  );
}
