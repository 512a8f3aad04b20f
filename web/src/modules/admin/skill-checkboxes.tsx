import { useTranslation } from 'react-i18next';

/** A group of checkboxes for picking several values (languages, topics, teams, members). */
export function CheckboxGroup<T extends string>({
  legend,
  options,
  selected,
  label,
  disabled,
  onChange,
}: {
  legend: string;
  options: readonly T[];
  selected: readonly T[];
  label: (option: T) => string;
  disabled?: boolean;
  onChange: (next: T[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="checkbox-group form-grid__wide">
      <legend>{legend}</legend>
      {options.length === 0 && <p className="muted">{t('admin.none')}</p>}
      {options.map((option) => (
        <label key={option}>
          <input
            type="checkbox"
            checked={selected.includes(option)}
            disabled={disabled}
            onChange={(event) => onChange(event.target.checked ? [...selected, option] : selected.filter((value) => value !== option))}
          />
          <span dir="auto">{label(option)}</span>
        </label>
      ))}
    </fieldset>
  );
}
