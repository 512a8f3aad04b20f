import { useEffect, useState, type RefObject } from 'react';

/**
 * Whether the element's content is wider than the element (a table on a phone), measured again
 * whenever either changes size: such a frame must be reachable by keyboard to be scrolled.
 */
export function useScrollsSideways(frame: RefObject<HTMLElement | null>): boolean {
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    for (const child of element.children) observer.observe(child);
    return () => observer.disconnect();
  }, [frame]);
  return scrolls;
}
