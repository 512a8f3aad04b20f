import { CalendarDays } from 'lucide-react';
import { useRef, useState, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { formatLocalDate } from '../../lib/format-local-date';
import { parseTypedDate, toDayFirst } from '../../lib/parse-typed-date';

/** Short enough for a half-width field on a phone, with the month in words so day and month are never confused (30 sept. 2026, 30 شتنبر 2026). */
const SHOWN_DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };

type TProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'onChange' | 'min' | 'max'> & {
  /** `yyyy-mm-dd`, or empty. */
  value: string;
  onChange?: (event: { target: { value: string } }) => void;
  min?: string;
  max?: string;
};

const withinRange = (date: string, min?: string, max?: string) => (!min || date >= min) && (!max || date <= max);

/**
 * A date control that reads in the interface's language. The browser's date input writes and takes
 * the date in the browser's locale, not the interface's (an Arabic or French console in an English
 * browser showed and asked for mm/dd/yyyy), so this is a text field: typed day first (30/09/2026)
 * while it has the focus, written out (30 sept. 2026) when it has not. The browser's calendar stays
 * one button away. Changes are given as `yyyy-mm-dd`, once what is typed is a whole date in range.
 */
export function DateInput({ value, className, onChange, min, max, disabled, ...input }: TProps) {
  const { t, i18n } = useTranslation();
  // What is being typed, while the field has the focus.
  const [typed, setTyped] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const change = (next: string) => onChange?.({ target: { value: next } });
  const unreadable = typed !== null && typed.trim() !== '' && !parseTypedDate(typed);
  return (
    <span className="written-input">
      <input
        {...input}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        dir="ltr"
        className={className ?? 'control'}
        value={typed ?? value}
        disabled={disabled}
        placeholder={typed === null ? undefined : t('ui.date.placeholder')}
        aria-invalid={unreadable || undefined}
        onFocus={() => setTyped(toDayFirst(value))}
        onBlur={() => setTyped(null)}
        onChange={(event) => {
          setTyped(event.target.value);
          const date = parseTypedDate(event.target.value);
          if (date && withinRange(date, min, max)) change(date);
          else if (!event.target.value.trim()) change('');
        }}
      />
      <span className="written-input__shown" aria-hidden="true">
        {value && formatLocalDate(value, i18n.language, SHOWN_DAY)}
      </span>
      {/* For the pointer only, out of the keyboard's way and of the field's name (it often sits in the field's label): the keyboard types the date. */}
      <button type="button" className="written-input__pick" title={t('ui.date.pick')} tabIndex={-1} aria-hidden="true" disabled={disabled} onClick={() => picker.current?.showPicker()}>
        <CalendarDays className="icon" aria-hidden="true" />
      </button>
      {/* The browser's own calendar, opened by the button; never focused or read on its own. */}
      <input ref={picker} type="date" className="written-input__picker" tabIndex={-1} aria-hidden="true" value={value} min={min} max={max} onChange={(event) => change(event.target.value)} />
    </span>
  );
}
