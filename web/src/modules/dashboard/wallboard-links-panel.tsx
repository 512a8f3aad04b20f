import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import type { TWallboardLink } from '@mowakaba/shared/schemas/wallboard-links';
import { formatDate } from '../../lib/i18n';
import { teamName } from '../teams/team-name';
import { useTeams } from '../teams/use-teams';
import { DataTable } from '../ui/data-table';
import { SaveError } from '../ui/field-error';
import { describedBy, FormField } from '../ui/form-field';
import { useCreateWallboardLink, useRevokeWallboardLink, useWallboardLinks } from './use-wallboard-links';
import { Button } from '../ui/button';
import { TextInput } from '../ui/text-input';

/** Read-only wallboard links for the room's TVs: created, copied (their address is shown once) and revoked here. */
export function WallboardLinksPanel() {
  const { t, i18n } = useTranslation();
  const language = i18n.language as TUiLanguage;
  const links = useWallboardLinks();
  const teams = useTeams();
  const create = useCreateWallboardLink();
  const revoke = useRevokeWallboardLink();
  const [label, setLabel] = useState('');
  const [team, setTeam] = useState('');
  const [copied, setCopied] = useState(false);
  const teamNameOf = useMemo(() => new Map((teams.data?.items ?? []).map((entry) => [entry.id, teamName(entry, language)])), [teams.data, language]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCopied(false);
    create.mutate({ label, ...(team ? { team } : {}) }, { onSuccess: () => setLabel('') });
  };
  const copy = (url: string) => void navigator.clipboard?.writeText(url).then(() => setCopied(true));

  const columns = useMemo(
    () =>
      [
        { id: 'label', header: t('wallboardLinks.label'), cell: ({ row }) => <span dir="auto">{row.original.label}</span> },
        { id: 'team', header: t('wallboardLinks.team'), cell: ({ row }) => (row.original.teamId ? (teamNameOf.get(row.original.teamId) ?? '…') : t('wallboardLinks.wholeCenter')) },
        { id: 'createdBy', header: t('wallboardLinks.createdBy'), cell: ({ row }) => <span dir="auto">{row.original.createdBy.name}</span> },
        { id: 'createdAt', header: t('wallboardLinks.createdAt'), cell: ({ row }) => formatDate(new Date(row.original.createdAt), language, { dateStyle: 'medium', timeStyle: 'short' }) },
        {
          id: 'actions',
          header: () => <span className="visually-hidden">{t('wallboardLinks.revoke')}</span>,
          cell: ({ row }) => (
            <Button
              type="button"
              variant="secondary"
              disabled={revoke.isPending}
              aria-label={t('wallboardLinks.revokeNamed', { label: row.original.label })}
              onClick={() => {
                if (window.confirm(t('wallboardLinks.revokeConfirm', { label: row.original.label }))) revoke.mutate(row.original.id);
              }}
            >
              {t('wallboardLinks.revoke')}
            </Button>
          ),
        },
      ] satisfies ColumnDef<TWallboardLink, unknown>[],
    [t, language, teamNameOf, revoke],
  );

  return (
    <section className="wallboard-links" aria-labelledby="wallboard-links-title">
      <h2 id="wallboard-links-title" title={t('wallboardLinks.help')}>
        {t('wallboardLinks.title')}
      </h2>
      <form className="form-grid wallboard-links__form" onSubmit={submit}>
        <TextInput id="wallboard-link-label" label={t('wallboardLinks.label')} error={create.error} path="label" dir="auto" value={label} maxLength={80} required onChange={(event) => setLabel(event.target.value)} />
        <FormField id="wallboard-link-team" label={t('wallboardLinks.team')} error={create.error} path="team">
          <select className="control" id="wallboard-link-team" value={team} onChange={(event) => setTeam(event.target.value)} aria-describedby={describedBy('wallboard-link-team')}>
            <option value="">{t('wallboardLinks.wholeCenter')}</option>
            {(teams.data?.items ?? []).map((entry) => (
              <option key={entry.id} value={entry.id}>
                {teamName(entry, language)}
              </option>
            ))}
          </select>
        </FormField>
        <Button type="submit" disabled={create.isPending}>
          {t('wallboardLinks.create')}
        </Button>
      </form>
      <SaveError error={create.error} />
      <SaveError error={revoke.error} />
      {create.data && (
        <div className="wallboard-links__created" role="status">
          <label htmlFor="wallboard-link-url">{t('wallboardLinks.createdOnce')}</label>
          <div className="wallboard-links__url">
            <input className="control" id="wallboard-link-url" dir="ltr" readOnly value={create.data.url} onFocus={(event) => event.target.select()} />
            <Button type="button" onClick={() => copy(create.data.url)}>
              {copied ? t('wallboardLinks.copied') : t('wallboardLinks.copy')}
            </Button>
          </div>
        </div>
      )}
      <DataTable
        label={t('wallboardLinks.title')}
        columns={columns}
        rows={links.data?.items ?? []}
        getRowId={(link) => link.id}
        compact
        emptyText={links.isPending ? t('common.loading') : t('wallboardLinks.empty')}
      />
    </section>
  );
}
