import { useEffect } from 'react';

/** Alt+N take next, Alt+R reply, Alt+I internal note, Alt+S solve: the same keys in every language. */
export function useShortcuts(takeNext: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      // event.code names the physical key, so the shortcut works on Arabic and AZERTY layouts alike.
      const actions: Record<string, () => void> = {
        KeyN: takeNext,
        KeyR: () => window.dispatchEvent(new CustomEvent('mowakaba:compose', { detail: 'public-reply' })),
        KeyI: () => window.dispatchEvent(new CustomEvent('mowakaba:compose', { detail: 'internal-note' })),
        KeyS: () => window.dispatchEvent(new Event('mowakaba:solve')),
      };
      const action = actions[event.code];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [takeNext]);
}
