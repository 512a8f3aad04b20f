import { useTranslation } from 'react-i18next';
import { teamName } from './team-name';
import { useTeams } from './use-teams';

/** Every team as the options of a select, named in the interface's language. */
export function TeamOptions() {
  const { i18n } = useTranslation();
  const teams = useTeams();
  return (teams.data?.items ?? []).map((team) => (
    <option key={team.id} value={team.id}>
      {teamName(team, i18n.language)}
    </option>
  ));
}
