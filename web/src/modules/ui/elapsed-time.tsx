import { useEffect, useState } from 'react';

/** `m:ss` (or `h:mm:ss`) of a number of seconds; digits stay left-to-right inside Arabic text. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** A running timer since `since` (a caller's wait, a conversation), refreshed every second. */
export function ElapsedTime({ since, label }: { since: string | number; label?: string }) {
  const start = typeof since === 'number' ? since : Date.parse(since);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <time className="elapsed" dir="ltr" aria-label={label} dateTime={`PT${Math.max(0, Math.floor((now - start) / 1000))}S`}>
      {formatDuration((now - start) / 1000)}
    </time>
  );
}
