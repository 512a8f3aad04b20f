import type { InputHTMLAttributes } from 'react';
import { describedBy, FormField } from './form-field';

interface TextInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  id: string;
  label: string;
  hint?: string;
  /** The server's error; its issue at `path` is shown under the field. */
  error?: unknown;
  path?: string;
  wide?: boolean;
}

/** A labelled text input with its hint and the server's error for it. */
export function TextInput({ id, label, hint, error, path, wide, ...input }: TextInputProps) {
  return (
    <FormField id={id} label={label} hint={hint} error={error} path={path ?? id} wide={wide}>
      <input id={id} className="control" aria-describedby={describedBy(id)} {...input} />
    </FormField>
  );
}
