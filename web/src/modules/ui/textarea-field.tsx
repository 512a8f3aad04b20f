import type { TextareaHTMLAttributes } from 'react';
import { describedBy, FormField, type TFieldFrame } from './form-field';

type TProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & TFieldFrame;

/** A labelled multi-line field (in the page's font, never monospace) with its hint and the server's error. */
export function TextareaField({ id, label, hint, error, path, wide, ...textarea }: TProps) {
  return (
    <FormField id={id} label={label} hint={hint} error={error} path={path ?? id} wide={wide}>
      <textarea id={id} className="control" dir="auto" aria-describedby={describedBy(id)} {...textarea} />
    </FormField>
  );
}
