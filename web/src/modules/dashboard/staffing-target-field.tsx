import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TDashboardSettings } from '@mowakaba/shared/schemas/dashboard';
import { DEFAULT_STAFFING_TARGET_PERCENT } from '@mowakaba/shared/schemas/staffing';
import { apiRequest } from '../../lib/api-client';
import { Button } from '../ui/button';
import { SaveError } from '../ui/field-error';
import { TextInput } from '../ui/text-input';

const settingsKey = ['dashboard', 'settings'] as const;

/** The target a team's staffing aims at, as the server picks it: the team's own, else the center's, else 80. */
const storedTargetOf = (settings: TDashboardSettings, team: string) =>
  (team ? settings.teams[team]?.staffingTargetPercent : undefined) ?? settings.serviceLevel.staffingTargetPercent ?? DEFAULT_STAFFING_TARGET_PERCENT;

/** The settings with `team`'s target (the center's when `team` is empty) set; a team without its own entry starts from the center's thresholds. */
function withTarget(settings: TDashboardSettings, team: string, target: number): TDashboardSettings {
  if (!team) return { ...settings, serviceLevel: { ...settings.serviceLevel, staffingTargetPercent: target } };
  const { staffingTargetPercent: _centerTarget, ...centerLevel } = settings.serviceLevel;
  const level = settings.teams[team] ?? centerLevel;
  return { ...settings, teams: { ...settings.teams, [team]: { ...level, staffingTargetPercent: target } } };
}

/**
 * The stored service-level target (percent answered within the team's threshold) the staffing forecast
 * aims at, for the team shown (or the center): admins change it, supervisors read it.
 */
export function StaffingTargetField({ team, canEdit }: { team: string; canEdit: boolean }) {
  const settings = useQuery({ queryKey: settingsKey, queryFn: () => apiRequest<TDashboardSettings>('/api/dashboard/settings') });
  if (!settings.data) return null;
  // Keyed by team and stored value: choosing another team, or a save, starts the field from what is stored.
  const stored = storedTargetOf(settings.data, team);
  return <StaffingTargetForm key={`${team}:${stored}`} team={team} settings={settings.data} stored={stored} canEdit={canEdit} />;
}

function StaffingTargetForm({ team, settings, stored, canEdit }: { team: string; settings: TDashboardSettings; stored: number; canEdit: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(String(stored));
  const save = useMutation({
    mutationFn: (target: number) => apiRequest<TDashboardSettings>('/api/dashboard/settings', { method: 'PUT', body: withTarget(settings, team, target) }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(settingsKey, saved);
      await queryClient.invalidateQueries({ queryKey: ['dashboard', 'staffing'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(Number(value));
  };
  const path = team ? `teams.${team}.staffingTargetPercent` : 'serviceLevel.staffingTargetPercent';
  return (
    <form className="staffing-target" onSubmit={submit} aria-label={t('dashboardIssue12.staffingTargetForm')}>
      <TextInput
        id="staffing-target"
        type="number"
        inputMode="numeric"
        min={50}
        max={99}
        step={1}
        required
        label={t('dashboardIssue12.staffingTarget')}
        hint={team ? t('dashboardIssue12.staffingTargetHintTeam') : t('dashboardIssue12.staffingTargetHintCenter')}
        value={value}
        disabled={!canEdit}
        onChange={(event) => setValue(event.target.value)}
        error={save.error}
        path={path}
      />
      {canEdit && (
        <Button type="submit" variant="secondary" small loading={save.isPending} disabled={value === String(stored)}>
          {t('dashboardIssue12.staffingTargetSave')}
        </Button>
      )}
      <SaveError error={save.error} />
      {save.isSuccess && <p role="status">{t('dashboardIssue12.staffingTargetSaved')}</p>}
    </form>
  );
}
