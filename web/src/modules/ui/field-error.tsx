import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api-client';

interface ValidationIssue {
  path: string;
  code: string;
  message?: string;
}

/** The server's validation issues of one field (its dotted path), by code. */
export function issuesAt(error: unknown, path: string): ValidationIssue[] {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed' || !Array.isArray(error.details)) return [];
  return (error.details as ValidationIssue[]).filter((issue) => issue.path === path || issue.path.startsWith(`${path}.`));
}

/** A server validation error shown next to its field, in the user's language. */
export function FieldError({ error, path, id }: { error: unknown; path: string; id?: string }) {
  const { t } = useTranslation();
  const issue = issuesAt(error, path)[0];
  if (!issue) return null;
  return (
    <small id={id} className="form-error" role="alert">
      {t(`validation.${issue.code}`, { defaultValue: t('validation.invalid') })}
    </small>
  );
}

/** A failed save that no field explains (validation errors show at their fields; `handled` ones elsewhere). */
export function SaveError({ error, handled, conflictText }: { error: unknown; handled?: boolean; conflictText?: string }) {
  const { t } = useTranslation();
  if (!error || handled || (error instanceof ApiError && error.code === 'validation_failed')) return null;
  return (
    <p role="alert" className="form-error">
      {conflictText && error instanceof ApiError && error.code === 'conflict' ? conflictText : t('errors.generic')}
    </p>
  );
}
