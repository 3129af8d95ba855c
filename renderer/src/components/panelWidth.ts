// The side panel's width: what the person dragged it to, kept in localStorage, within sane bounds.
export const PANEL_WIDTH_KEY = 'eventdesk.sidePanel.width';
export const DEFAULT_PANEL_WIDTH = 400;
const MIN_PANEL_WIDTH = 320;
/** The list beside the panel keeps at least this much room. */
const MIN_LIST_WIDTH = 360;

export function clampPanelWidth(width: number, available: number): number {
  const max = Math.max(MIN_PANEL_WIDTH, available - MIN_LIST_WIDTH);
  if (!Number.isFinite(width)) return Math.min(DEFAULT_PANEL_WIDTH, max);
  return Math.round(Math.min(Math.max(width, MIN_PANEL_WIDTH), max));
}

type WidthStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function readPanelWidth(storage: WidthStorage | undefined): number {
  const saved = Number(storage?.getItem(PANEL_WIDTH_KEY) ?? NaN);
  return Number.isFinite(saved) && saved > 0 ? saved : DEFAULT_PANEL_WIDTH;
}

export function savePanelWidth(storage: WidthStorage | undefined, width: number): void {
  try {
    storage?.setItem(PANEL_WIDTH_KEY, String(Math.round(width)));
  } catch {
    // Storage full or disabled (private mode): the width simply is not remembered.
  }
}

/** The list position after a key: ArrowDown / ArrowUp move by one within the list, null for other keys. */
export function nextListIndex(key: string, current: number, count: number): number | null {
  if (count === 0) return null;
  if (key === 'ArrowDown') return current < 0 ? 0 : Math.min(current + 1, count - 1);
  if (key === 'ArrowUp') return current < 0 ? 0 : Math.max(current - 1, 0);
  return null;
}
