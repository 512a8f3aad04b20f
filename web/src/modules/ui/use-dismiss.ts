import { useEffect, type RefObject } from 'react';

/**
 * Closes an open disclosure (a menu under its button) the way a dialog closes: Escape closes it
 * and gives focus back to its button, so a keyboard user is where they were; a press outside it
 * closes it and leaves focus where that press put it.
 */
export function useDismiss(open: boolean, container: RefObject<HTMLElement | null>, button: RefObject<HTMLElement | null>, onDismiss: () => void): void {
  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      // An Escape already used by something inside (a field that clears itself) is left to it.
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      onDismiss();
      button.current?.focus();
    };
    const onPointerDown = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) onDismiss();
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [open, container, button, onDismiss]);
}
