import { useEffect, useRef } from 'react';
import { useLocation } from 'wouter';
import { MAIN_CONTENT_ID } from './skip-link';

/**
 * Moves focus to the main content when the screen changes (a link, a row, take next), as a page
 * load would: otherwise a keyboard user stays on a link or row that is gone and starts again from
 * the top. Focus already in the new screen (the composer after Alt+R) is left where it is.
 */
export function useFocusMainOnNavigation(): void {
  const [location] = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const main = document.getElementById(MAIN_CONTENT_ID);
    if (main && !main.contains(document.activeElement)) main.focus({ preventScroll: true });
  }, [location]);
}
