import type { TextareaHTMLAttributes } from 'react';
import { describedBy, FormField } from './form-field';

interface TextareaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {
  id: string;
  label: string;
  hint?: string;
  error?: unknown;
  path?: string;
  wide?: boolean;
}

/** A labelled multi-line field (in the page's font, never monospace) with its hint and the server's error. */
export function TextareaField({ id, label, hint, error, path, wide, ...textarea }: TextareaFieldProps) {
  return (
    <FormField id={id} label={label} hint={hint} error={error} path={path ?? id} wide={wide}>
      <textarea id={id} className="control" dir="auto" aria-describedby={describedBy(id)} {...textarea} />
    </FormField>
  );
}
