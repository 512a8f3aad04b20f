import type { InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUiLanguage } from '@mowakaba/shared/constants';
import { formatDate } from '../../lib/i18n';

type TProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value'> & { value: string };

/** On the 24-hour clock Moroccan offices keep, whatever the browser's (an English one wrote 02:00 PM). */
const SHOWN_TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' };

/** A time of day (`HH:MM`) control that reads in the interface's language, like `DateInput` (see there why). */
export function TimeInput({ value, className, ...input }: TProps) {
  const { i18n } = useTranslation();
  return (
    <span className="written-input">
      <input type="time" dir="ltr" className={className ?? 'control'} value={value} {...input} />
      <span className="written-input__shown" aria-hidden="true">
        {/^\d{2}:\d{2}$/.test(value) && formatDate(new Date(`1970-01-01T${value}:00Z`), i18n.language as TUiLanguage, SHOWN_TIME)}
      </span>
    </span>
  );
}
