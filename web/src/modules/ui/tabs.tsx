import { useRef, type KeyboardEvent } from 'react';

interface TabsProps<TKey extends string> {
  label: string;
  tabs: readonly { key: TKey; label: string }[];
  selected: TKey;
  onSelect: (key: TKey) => void;
}

/**
 * A row of tabs (WAI-ARIA tabs pattern): one tab stop, arrow keys move between tabs and select.
 * The arrows follow the reading direction: in Arabic the "next" tab is on the left.
 */
export function Tabs<TKey extends string>({ label, tabs, selected, onSelect }: TabsProps<TKey>) {
  const list = useRef<HTMLDivElement>(null);
  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((tab) => tab.key === selected);
    const rtl = getComputedStyle(event.currentTarget).direction === 'rtl';
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[event.key];
    const target = event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : step === undefined ? -1 : (index + step + tabs.length) % tabs.length;
    if (target < 0) return;
    event.preventDefault();
    onSelect(tabs[target]!.key);
    list.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]')[target]?.focus();
  };
  return (
    <div ref={list} role="tablist" aria-label={label} className="ui-tabs" onKeyDown={move}>
      {tabs.map((tab) => (
        <button key={tab.key} type="button" role="tab" className="ui-tabs__tab" aria-selected={tab.key === selected} tabIndex={tab.key === selected ? 0 : -1} onClick={() => onSelect(tab.key)}>
          {tab.label}
        </button>
      ))}
    </div>
  );
}
