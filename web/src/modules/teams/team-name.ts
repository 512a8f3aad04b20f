import type { TUiLanguage } from '../../../../shared/src/constants';
import type { TTeam } from '../../../../shared/src/schemas/teams';

/** A team's name in the interface language. */
export function teamName(team: Pick<TTeam, 'name'>, language: string): string {
  return team.name[(['ar', 'fr', 'en'].includes(language) ? language : 'ar') as TUiLanguage];
}
