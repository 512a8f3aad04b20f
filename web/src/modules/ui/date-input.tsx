import { CalendarDays } from 'lucide-react';
import { useRef, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { formatLocalDate } from '../../lib/format-local-date';
import { parseTypedDate, toDayFirst } from '../../lib/parse-typed-date';
import { useTypedField } from './use-typed-field';

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
 * one button away; that button would join the name of a `<label>` wrapped around the field, so the
 * field is labelled from outside (`DateField`). Changes are given as `yyyy-mm-dd`, once what is typed
 * is a whole date in range.
 */
export function DateInput({ value, className, onChange, min, max, disabled, ...input }: TProps) {
  const { t, i18n } = useTranslation();
  const picker = useRef<HTMLInputElement>(null);
  const field = useTypedField({
    value,
    toTyped: toDayFirst,
    parse: (typed) => {
      const date = parseTypedDate(typed);
      return date && withinRange(date, min, max) ? date : null;
    },
    onChange,
  });
  return (
    <span className="written-input">
      <input {...input} {...field.input} className={className ?? 'control'} disabled={disabled} placeholder={field.typing ? t('ui.date.placeholder') : undefined} />
      <span className="written-input__shown" aria-hidden="true">
        {value && formatLocalDate(value, i18n.language, SHOWN_DAY)}
      </span>
      {/* The browser's calendar takes the keyboard once open (arrows, Enter to pick, Escape to close) and gives the focus back to this button. */}
      <button type="button" className="written-input__pick" title={t('ui.date.pick')} aria-label={t('ui.date.pick')} disabled={disabled} onClick={() => picker.current?.showPicker()}>
        <CalendarDays className="icon" aria-hidden="true" />
      </button>
      {/* The browser's own calendar, opened by the button; never focused or read on its own. */}
      <input ref={picker} type="date" className="written-input__picker" tabIndex={-1} aria-hidden="true" value={value} min={min} max={max} onChange={(event) => onChange?.({ target: { value: event.target.value } })} />
    </span>
  );
}
