import { ZSlaSettings, type TSlaSettings } from '@mowakaba/shared/schemas/sla';

type StoredPeriod = { start: string; end: string };
type StoredWeekly = Record<string, StoredPeriod[] | undefined>;
type StoredSettings = {
  calendar?: {
    weekly?: StoredWeekly;
    overrides?: Array<{ from: string; to: string; weekly?: StoredWeekly }>;
    islamicCorrections?: Array<{ year: number; holiday: string }>;
  };
};

/** Overlapping periods of one day become their union: the hours the center was open stay open. */
function mergeOverlaps(periods: StoredPeriod[]): StoredPeriod[] {
  const merged: StoredPeriod[] = [];
  for (const period of [...periods].sort((a, b) => a.start.localeCompare(b.start))) {
    const last = merged.at(-1);
    if (last && period.start < last.end) last.end = period.end > last.end ? period.end : last.end;
    else merged.push({ ...period });
  }
  return merged;
}

function repairWeekly(weekly: StoredWeekly | undefined): StoredWeekly | undefined {
  if (!weekly) return weekly;
  return Object.fromEntries(Object.entries(weekly).map(([day, periods]) => [day, Array.isArray(periods) ? mergeOverlaps(periods) : periods]));
}

/**
 * Reads SLA settings saved before the rules on overlapping shifts, reversed date ranges and repeated
 * holiday answers existed, as the nearest settings those rules allow (a later answer to a holiday
 * wins, as it did when they were applied in order), so ticket creation never fails on an old save.
 */
export function parseStoredSlaSettings(value: unknown): TSlaSettings {
  const stored = structuredClone(value) as StoredSettings;
  const calendar = stored?.calendar;
  if (calendar) {
    calendar.weekly = repairWeekly(calendar.weekly);
    calendar.overrides = calendar.overrides?.map((override) => ({
      ...override,
      weekly: repairWeekly(override.weekly),
      ...(override.from > override.to ? { from: override.to, to: override.from } : {}),
    }));
    if (calendar.islamicCorrections) {
      const lastAnswers = new Map(calendar.islamicCorrections.map((correction) => [`${correction.year}:${correction.holiday}`, correction]));
      calendar.islamicCorrections = [...lastAnswers.values()];
    }
  }
  return ZSlaSettings.parse(stored);
}
