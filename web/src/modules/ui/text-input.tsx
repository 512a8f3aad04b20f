import type { InputHTMLAttributes } from 'react';
import { describedBy, FormField, type TFieldFrame } from './form-field';

type TProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & TFieldFrame;

/** A labelled text input with its hint and the server's error for it. */
export function TextInput({ id, label, hint, error, path, wide, ...input }: TProps) {
  return (
    <FormField id={id} label={label} hint={hint} error={error} path={path ?? id} wide={wide}>
      <input id={id} className="control" aria-describedby={describedBy(id)} {...input} />
    </FormField>
  );
}
