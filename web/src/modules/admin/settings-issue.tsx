import { useTranslation } from 'react-i18next';
import { DUPLICATE_MENU_KEY, PROMPT_TEXT_MARKUP, RECORDING_OR_TEXT, TIFINAGH_NOT_SPOKEN } from '@mowakaba/shared/schemas/calls';
import { OVERLAPPING_PERIODS } from '@mowakaba/shared/schemas/sla';
import { FieldError, issuesAt } from '../ui/field-error';

// The server's own words for the rules of these settings, each with its text in the locales.
const ISSUE_KEYS: Record<string, string> = {
  [OVERLAPPING_PERIODS]: 'adminSettings.issues.overlap',
  'must end after it starts': 'adminSettings.issues.endBeforeStart',
  [DUPLICATE_MENU_KEY]: 'adminSettings.issues.duplicateKey',
  'no such team': 'adminSettings.issues.unknownTeam',
  'one holiday per date': 'adminSettings.issues.duplicateDate',
  [PROMPT_TEXT_MARKUP]: 'voicePromptText.issues.markup',
  [TIFINAGH_NOT_SPOKEN]: 'voicePromptText.issues.tifinagh',
  [RECORDING_OR_TEXT]: 'voicePromptText.issues.recordingOrText',
};

/** A refused setting shown at its place: the rule it broke when the server named one, else the generic field error. */
export function SettingsIssue({ error, path }: { error: unknown; path: string }) {
  const { t } = useTranslation();
  const key = issuesAt(error, path)
    .map((issue) => ISSUE_KEYS[issue.message ?? ''])
    .find(Boolean);
  if (!key) return <FieldError error={error} path={path} />;
  return (
    <small className="form-error" role="alert">
      {t(key)}
    </small>
  );
}
