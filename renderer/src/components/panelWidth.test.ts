import { describe, expect, it } from 'vitest';
import {
  clampPanelWidth,
  DEFAULT_PANEL_WIDTH,
  nextListIndex,
  PANEL_WIDTH_KEY,
  readPanelWidth,
  savePanelWidth,
} from './panelWidth';

const memory = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
};

describe('side panel width', () => {
  it('remembers the width it was dragged to', () => {
    const storage = memory();
    expect(readPanelWidth(storage)).toBe(DEFAULT_PANEL_WIDTH);
    savePanelWidth(storage, 533.4);
    expect(storage.m.get(PANEL_WIDTH_KEY)).toBe('533');
    expect(readPanelWidth(storage)).toBe(533);
    storage.setItem(PANEL_WIDTH_KEY, 'wide');
    expect(readPanelWidth(storage)).toBe(DEFAULT_PANEL_WIDTH);
  });

  it('keeps room for the list and never shrinks the panel to nothing', () => {
    expect(clampPanelWidth(900, 1090)).toBe(730);
    expect(clampPanelWidth(100, 1090)).toBe(320);
    expect(clampPanelWidth(500, 1090)).toBe(500);
    expect(clampPanelWidth(500, 500)).toBe(320);
  });

  it('survives storage that throws', () => {
    const throwing = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => savePanelWidth(throwing, 400)).not.toThrow();
  });
});

describe('moving through a list with the keyboard', () => {
  it('moves one row down and up, and stops at the ends', () => {
    expect(nextListIndex('ArrowDown', 0, 3)).toBe(1);
    expect(nextListIndex('ArrowDown', 2, 3)).toBe(2);
    expect(nextListIndex('ArrowUp', 1, 3)).toBe(0);
    expect(nextListIndex('ArrowUp', 0, 3)).toBe(0);
    expect(nextListIndex('ArrowDown', -1, 3)).toBe(0);
    expect(nextListIndex('Enter', 1, 3)).toBeNull();
    expect(nextListIndex('ArrowDown', 0, 0)).toBeNull();
  });
});
