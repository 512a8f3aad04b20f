import { useEffect, useRef, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { parseTypedTime } from '../../lib/parse-typed-time';
import { useTypedField } from './use-typed-field';

type TProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'onChange'> & {
  /** `HH:MM`, or empty. */
  value: string;
  onChange?: (event: { target: { value: string } }) => void;
};

/**
 * A time of day on the 24-hour clock Moroccan offices keep, typed by keyboard (14:30, 14h30, 9h). The
 * browser's time input follows the browser's locale, not the interface's (an English browser wrote and
 * asked for 02:30 PM), so this is a text field, like `DateInput`. Changes are given as `HH:MM` once what
 * is typed is a time; until then the field is invalid and its form is not sent.
 */
export function TimeInput({ value, className, onChange, ...input }: TProps) {
  const { t } = useTranslation();
  const field = useTypedField({ value, toTyped: (time) => time, parse: parseTypedTime, onChange });
  const element = useRef<HTMLInputElement>(null);
  const invalidText = field.unusable ? t('ui.time.invalid') : '';
  useEffect(() => element.current?.setCustomValidity(invalidText), [invalidText]);
  return <input {...input} {...field.input} ref={element} className={className ?? 'control time-input'} placeholder={t('ui.time.placeholder')} />;
}
