import type { ReactNode, SelectHTMLAttributes } from 'react';
import { describedBy, FormField, type TFieldFrame } from './form-field';

type TProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & TFieldFrame & { children: ReactNode };

/** A labelled select (its options as children) with its hint and the server's error for it. */
export function SelectField({ id, label, hint, error, path, wide, children, ...select }: TProps) {
  return (
    <FormField id={id} label={label} hint={hint} error={error} path={path ?? id} wide={wide}>
      <select id={id} className="control" aria-describedby={describedBy(id)} {...select}>
        {children}
      </select>
    </FormField>
  );
}
