import type { ReactNode } from 'react';
import { FieldError } from './field-error';

/**
 * A labelled field with its hint and the server's error for it, both outside the label so the
 * control's accessible name stays the label alone; the control gets `id` and `describedBy(id)`.
 */
export function FormField({ id, label, hint, error, path, wide, children }: { id: string; label: string; hint?: string; error: unknown; path: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={wide ? 'field form-grid__wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <small id={`${id}-hint`}>{hint}</small>}
      <FieldError error={error} path={path} id={`${id}-error`} />
    </div>
  );
}

/** What every field wrapper (TextInput, SelectField, TextareaField) takes besides its control's own attributes. */
export interface TFieldFrame {
  id: string;
  label: string;
  hint?: string;
  /** The server's error; its issue at `path` (the id when not given) is shown under the field. */
  error?: unknown;
  path?: string;
  wide?: boolean;
}

/** The ids a field's control is described by: its hint and its error. */
export const describedBy = (id: string) => `${id}-hint ${id}-error`;
