import type { InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { formatLocalDate } from '../../lib/format-local-date';

/** Short enough for a half-width field on a phone, with the month in words so day and month are never confused (30 sept. 2026, 30 شتنبر 2026). */
const SHOWN_DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };

type TProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value'> & { value: string };

/**
 * A date control that reads in the interface's language. The browser's date input (its picker,
 * typing, min and max) writes the date in the browser's locale, not the interface's: an Arabic or
 * French console in an English browser showed mm/dd/yyyy. So while it is not being typed in, its
 * own text is hidden and the chosen date is written over it, formatted for the interface language.
 */
export function DateInput({ value, className, ...input }: TProps) {
  const { i18n } = useTranslation();
  return (
    <span className="written-input">
      {/* Left to right whatever the page: browsers then put the calendar button on the right, where the written date leaves room for it. */}
      <input type="date" dir="ltr" className={className ?? 'control'} value={value} {...input} />
      <span className="written-input__shown" aria-hidden="true">
        {value && formatLocalDate(value, i18n.language, SHOWN_DAY)}
      </span>
    </span>
  );
}
