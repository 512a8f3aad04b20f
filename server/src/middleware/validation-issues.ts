import type { core } from 'zod';
import type { TValidationIssue } from '@mowakaba/shared/errors';

export function toValidationIssues(issues: readonly core.$ZodIssue[]): TValidationIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
  }));
}
