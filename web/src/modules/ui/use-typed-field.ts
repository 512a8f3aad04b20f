import { useState, type ChangeEvent } from 'react';

interface TTypedFieldOptions {
  /** The value as the app keeps it (`yyyy-mm-dd`, `HH:MM`), or empty. */
  value: string;
  /** The value as a person types it, put in the field when it takes the focus. */
  toTyped: (value: string) => string;
  /** What is typed, as the app keeps it; null while it cannot be used. */
  parse: (typed: string) => string | null;
  onChange?: (event: { target: { value: string } }) => void;
}

/**
 * The text field under `DateInput` and `TimeInput`: while it has the focus it shows what is typed and
 * gives a change once that can be used (or is emptied); once left, it shows the value again.
 */
export function useTypedField({ value, toTyped, parse, onChange }: TTypedFieldOptions) {
  // What is being typed, while the field has the focus.
  const [typed, setTyped] = useState<string | null>(null);
  const unusable = typed !== null && typed.trim() !== '' && !parse(typed);
  return {
    typing: typed !== null,
    unusable,
    input: {
      type: 'text',
      inputMode: 'numeric',
      autoComplete: 'off',
      dir: 'ltr',
      value: typed ?? value,
      'aria-invalid': unusable || undefined,
      onFocus: () => setTyped(toTyped(value)),
      onBlur: () => setTyped(null),
      onChange: (event: ChangeEvent<HTMLInputElement>) => {
        setTyped(event.target.value);
        const next = parse(event.target.value);
        if (next) onChange?.({ target: { value: next } });
        else if (!event.target.value.trim()) onChange?.({ target: { value: '' } });
      },
    } as const,
  };
}
