import type { ComponentProps } from 'react';
import { DateInput } from './date-input';
import { describedBy, FormField, type TFieldFrame } from './form-field';

type TProps = Omit<ComponentProps<typeof DateInput>, 'id'> & TFieldFrame;

/** A labelled date input (written in the interface language) with its hint and the server's error for it. */
export function DateField({ id, label, hint, error, path, wide, ...input }: TProps) {
  return (
    <FormField id={id} label={label} hint={hint} error={error} path={path ?? id} wide={wide}>
      <DateInput id={id} aria-describedby={describedBy(id)} {...input} />
    </FormField>
  );
}
