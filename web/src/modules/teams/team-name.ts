import type { TUiLanguage } from '@mowakaba/shared/constants';
import type { TTeam } from '@mowakaba/shared/schemas/teams';

/** A team's name in the interface language. */
export function teamName(team: Pick<TTeam, 'name'>, language: string): string {
  return team.name[(['ar', 'fr', 'en'].includes(language) ? language : 'ar') as TUiLanguage];
}
