// A long value as display lines: split at newlines, and lines longer than a screen's worth cut into pieces,
// so a 5 MB value becomes rows a virtual list can show a few at a time. One linear pass.

/** Characters per display row: a minified 5 MB JSON line becomes rows of this width. */
export const MAX_ROW_CHARS = 2000;

export function displayRows(text: string, maxRow = MAX_ROW_CHARS): string[] {
  const rows: string[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    for (let at = start; at < end; at += maxRow) rows.push(text.slice(at, Math.min(end, at + maxRow)));
    if (end === start) rows.push('');
    start = end + 1;
  }
  return rows;
}

/** The next row at or after `from` (wrapping around) that contains `needle`, or -1. */
export function findRow(rows: readonly string[], needle: string, from: number): number {
  if (needle === '' || rows.length === 0) return -1;
  for (let i = 0; i < rows.length; i++) {
    const index = (from + i) % rows.length;
    if (rows[index]!.includes(needle)) return index;
  }
  return -1;
}
