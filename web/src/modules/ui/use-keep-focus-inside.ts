import { useEffect, useRef, type RefObject } from 'react';

const FOCUSABLE = 'button:not(:disabled), select:not(:disabled), input:not(:disabled), textarea:not(:disabled), a[href]';

/**
 * When a panel swaps its content under the keyboard (the Answer button gives way to Hang up, a
 * notice replaces the call), the focused control disappears and focus falls to the page's start.
 * This puts it back on the panel's first control, but only if it was in the panel: a change that
 * arrives while the agent types elsewhere never takes their focus.
 */
export function useKeepFocusInside(container: RefObject<HTMLElement | null>, contentKey: string): void {
  const focusInside = useRef(false);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const onFocusIn = () => {
      focusInside.current = true;
    };
    // Focus that moved on to another control says where it went; focus that fell to the body came
    // from a control removed or disabled under it (answering disables Answer), so the mark stays.
    const onFocusOut = () => {
      setTimeout(() => {
        const active = document.activeElement;
        if (active && active !== document.body) focusInside.current = element.contains(active);
      });
    };
    const onPointerDown = (event: PointerEvent) => {
      if (!element.contains(event.target as Node)) focusInside.current = false;
    };
    element.addEventListener('focusin', onFocusIn);
    element.addEventListener('focusout', onFocusOut);
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      element.removeEventListener('focusin', onFocusIn);
      element.removeEventListener('focusout', onFocusOut);
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [container]);

  useEffect(() => {
    const element = container.current;
    if (!element || !focusInside.current) return;
    const placeHolder = element.querySelector<HTMLElement>('[tabindex="-1"]');
    const active = document.activeElement;
    // Focus on a live control is left alone; focus that fell, or waits on the place holder, moves on.
    if (active && active !== document.body && active !== placeHolder) return;
    // With no control enabled yet, the panel's own focus target (its title, tabIndex -1) holds the place.
    (element.querySelector<HTMLElement>(FOCUSABLE) ?? placeHolder)?.focus();
  }, [container, contentKey]);
}
