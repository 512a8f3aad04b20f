import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type TRole } from '@mowakaba/shared/constants';
import type { TUser } from '@mowakaba/shared/schemas/users';
import { teamName } from '../teams/team-name';
import { useTeams } from '../teams/use-teams';
import { DataTable } from '../ui/data-table';
import { SaveError } from '../ui/field-error';
import { describedBy, FormField } from '../ui/form-field';
import { CheckboxGroup } from './skill-checkboxes';
import { useCreateUser, useUpdateUser, useUsers } from './use-admin';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { SelectField } from '../ui/select-field';
import { TextInput } from '../ui/text-input';

/** Staff accounts: admins create, change role and teams, disable and reset passwords; supervisors read. */
export function UsersAdmin({ canEdit, currentUserId }: { canEdit: boolean; currentUserId: string }) {
  const { t, i18n } = useTranslation();
  const users = useUsers();
  const teams = useTeams();
  const [editing, setEditing] = useState<TUser | 'new' | null>(null);
  const teamNames = useMemo(() => new Map((teams.data?.items ?? []).map((team) => [team.id, teamName(team, i18n.language)])), [teams.data, i18n.language]);
  const columns = useMemo(
    () =>
      [
        { id: 'name', header: t('admin.users.name'), cell: ({ row }) => <span dir="auto">{row.original.name}</span> },
        { id: 'email', header: t('admin.users.email'), cell: ({ row }) => <bdi dir="ltr">{row.original.email}</bdi> },
        { id: 'role', header: t('admin.users.role'), cell: ({ row }) => t(`roles.${row.original.role}`) },
        { id: 'teams', header: t('admin.users.teams'), cell: ({ row }) => row.original.teamIds.map((id) => teamNames.get(id) ?? '…').join('، ') || '—' },
        {
          id: 'state',
          header: t('admin.users.state'),
          cell: ({ row }) => (
            <Badge tone={row.original.disabled ? 'neutral' : 'success'}>{row.original.disabled ? t('admin.users.disabled') : t('admin.users.active')}</Badge>
          ),
        },
      ] satisfies ColumnDef<TUser, unknown>[],
    [t, teamNames],
  );
  return (
    <section className="admin-section" aria-labelledby="admin-users-title">
      <div className="section-header">
        <h2 id="admin-users-title">{t('admin.users.title')}</h2>
        {canEdit && (
          <Button type="button" onClick={() => setEditing('new')}>
            {t('admin.users.create')}
          </Button>
        )}
      </div>
      {editing === 'new' && <NewUserForm onDone={() => setEditing(null)} />}
      {editing && editing !== 'new' && <EditUserForm key={editing.id} user={editing} self={editing.id === currentUserId} onDone={() => setEditing(null)} />}
      <DataTable
        label={t('admin.users.title')}
        columns={columns}
        rows={users.data?.items ?? []}
        getRowId={(user) => user.id}
        onRowOpen={canEdit ? (user) => setEditing(user) : undefined}
        emptyText={users.isPending ? t('common.loading') : t('admin.users.empty')}
      />
    </section>
  );
}

function TeamChoice({ selected, onChange }: { selected: string[]; onChange: (teamIds: string[]) => void }) {
  const { t, i18n } = useTranslation();
  const teams = useTeams();
  const list = teams.data?.items ?? [];
  return (
    <CheckboxGroup
      legend={t('admin.users.teams')}
      options={list.map((team) => team.id)}
      selected={selected}
      label={(id) => {
        const team = list.find((candidate) => candidate.id === id);
        return team ? teamName(team, i18n.language) : id;
      }}
      onChange={onChange}
    />
  );
}

function RoleSelect({ id, value, disabled, error, onChange }: { id: string; value: TRole; disabled?: boolean; error: unknown; onChange: (role: TRole) => void }) {
  const { t } = useTranslation();
  return (
    <SelectField id={id} label={t('admin.users.role')} error={error} path="role" value={value} disabled={disabled} onChange={(event) => onChange(event.target.value as TRole)}>
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {t(`roles.${role}`)}
        </option>
      ))}
    </SelectField>
  );
}

function NewUserForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const [fields, setFields] = useState({ name: '', email: '', password: '' });
  const [role, setRole] = useState<TRole>('agent');
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ ...fields, role, teamIds }, { onSuccess: onDone });
  };
  return (
    <form className="card form-grid admin-form" onSubmit={submit} aria-label={t('admin.users.create')}>
      <h3 className="form-grid__wide">{t('admin.users.create')}</h3>
      <TextInput id="new-user-name" label={t('admin.users.name')} error={create.error} path="name" dir="auto" required value={fields.name} onChange={(event) => setFields({ ...fields, name: event.target.value })} />
      <TextInput id="new-user-email" label={t('admin.users.email')} error={create.error} path="email" dir="ltr" type="email" required value={fields.email} onChange={(event) => setFields({ ...fields, email: event.target.value })} />
      <FormField id="new-user-password" label={t('admin.users.password')} hint={t('admin.users.passwordHint')} error={create.error} path="password">
        <input
          className="control"
          id="new-user-password"
          dir="ltr"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          value={fields.password}
          onChange={(event) => setFields({ ...fields, password: event.target.value })}
          aria-describedby={describedBy('new-user-password')}
        />
      </FormField>
      <RoleSelect id="new-user-role" value={role} error={create.error} onChange={setRole} />
      <TeamChoice selected={teamIds} onChange={setTeamIds} />
      <SaveError error={create.error} conflictText={t('admin.users.emailTaken')} />
      <div className="form-actions form-grid__wide">
        <Button type="submit" disabled={create.isPending}>
          {t('admin.users.create')}
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          {t('associationPage.cancel')}
        </Button>
      </div>
    </form>
  );
}

function EditUserForm({ user, self, onDone }: { user: TUser; self: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateUser(user.id);
  const [role, setRole] = useState<TRole>(user.role);
  const [teamIds, setTeamIds] = useState<string[]>(user.teamIds);
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ role, teamIds, ...(password ? { password } : {}) }, { onSuccess: onDone });
  };
  return (
    <form className="card form-grid admin-form" onSubmit={submit} aria-label={t('admin.users.edit', { name: user.name })}>
      <h3 className="form-grid__wide" dir="auto">
        {t('admin.users.edit', { name: user.name })}
      </h3>
      <RoleSelect id="edit-user-role" value={role} disabled={self} error={update.error} onChange={setRole} />
      <TextInput id="reset-password" label={t('admin.users.resetPassword')} hint={t('admin.users.resetHint')} error={update.error} path="password" dir="ltr" type="password" autoComplete="new-password" minLength={10} value={password} onChange={(event) => setPassword(event.target.value)} />
      <TeamChoice selected={teamIds} onChange={setTeamIds} />
      <SaveError error={update.error} conflictText={t('admin.users.selfConflict')} />
      <div className="form-actions form-grid__wide">
        <Button type="submit" disabled={update.isPending}>
          {t('associationPage.save')}
        </Button>
        {!self && (
          <Button type="button" variant={user.disabled ? 'secondary' : 'danger'} disabled={update.isPending} onClick={() => update.mutate({ disabled: !user.disabled }, { onSuccess: onDone })}>
            {user.disabled ? t('admin.users.enable') : t('admin.users.disable')}
          </Button>
        )}
        <Button type="button" variant="secondary" onClick={onDone}>
          {t('associationPage.cancel')}
        </Button>
      </div>
    </form>
  );
}
