// Up and down arrows move through a list while one of its records is open in the side panel, unless the
// person is typing in a field or a dialog is open.
import { useEffect } from 'react';
import { nextListIndex } from './panelWidth';

function ignored(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return true;
  const target = event.target instanceof Element ? event.target : null;
  if (target?.closest('input, textarea, select, [contenteditable="true"], [role="separator"]')) return true;
  return document.querySelector('[aria-modal="true"]') !== null;
}

export function useListKeys(count: number, index: number, select: (index: number) => void): void {
  useEffect(() => {
    if (index < 0) return;
    const onKey = (event: KeyboardEvent) => {
      if (ignored(event)) return;
      const next = nextListIndex(event.key, index, count);
      if (next === null) return;
      event.preventDefault();
      if (next !== index) select(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [count, index, select]);
}

/**
 * A ref for the selected row: scrolls the nearest vertically scrolling ancestor just enough to show it when it
 * becomes selected (keyboard or click). Only vertically: scrollIntoView would also scroll a wide list sideways.
 */
export const scrollIntoViewRef = (element: HTMLElement | null): void => {
  let scroller = element?.parentElement ?? null;
  while (
    scroller &&
    !(
      scroller.scrollHeight > scroller.clientHeight &&
      /auto|scroll/.test(getComputedStyle(scroller).overflowY)
    )
  )
    scroller = scroller.parentElement;
  if (!element || !scroller) return;
  const row = element.getBoundingClientRect();
  const view = scroller.getBoundingClientRect();
  if (row.top < view.top) scroller.scrollTop -= view.top - row.top;
  else if (row.bottom > view.bottom) scroller.scrollTop += row.bottom - view.bottom;
};
