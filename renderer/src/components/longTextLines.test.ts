import { describe, expect, it } from 'vitest';
import { displayRows, findRow } from './longTextLines';

describe('long values as display rows', () => {
  it('splits at newlines and cuts long lines, keeping every character once', () => {
    expect(displayRows('a\nbb\n\nccc', 2)).toEqual(['a', 'bb', '', 'cc', 'c']);
    expect(displayRows('', 2)).toEqual(['']);
    const text = 'x'.repeat(5_000_000);
    const rows = displayRows(text);
    expect(rows).toHaveLength(2500);
    expect(rows.join('')).toBe(text);
  });

  it('finds the next row holding the text, wrapping around', () => {
    const rows = ['alpha', 'beta', 'gamma', 'beta'];
    expect(findRow(rows, 'beta', 0)).toBe(1);
    expect(findRow(rows, 'beta', 2)).toBe(3);
    expect(findRow(rows, 'alp', 3)).toBe(0);
    expect(findRow(rows, 'none', 0)).toBe(-1);
    expect(findRow(rows, '', 0)).toBe(-1);
  });
});
