// Offsets, counts and lags arrive as decimal strings (Kafka offsets exceed 2^53): do the arithmetic in
// BigInt and only ever turn them into text, never into Number, except to draw a chart.

const grouped = new Intl.NumberFormat('en-US');

export function parseOffset(value: string | null | undefined): bigint | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (!/^-?\d+$/.test(trimmed)) return null;
  return BigInt(trimmed);
}

/** "1234567" → "1,234,567"; null (nothing committed) → "—". Unparseable text is shown as it came. */
export function formatCount(value: string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const parsed = parseOffset(value);
  return parsed === null ? value : grouped.format(parsed);
}

/** Sum of the values that exist; null when none does (e.g. a group that never committed). */
export function sumOffsets(values: ReadonlyArray<string | null | undefined>): string | null {
  let total: bigint | null = null;
  for (const value of values) {
    const parsed = parseOffset(value);
    if (parsed !== null) total = (total ?? 0n) + parsed;
  }
  return total === null ? null : total.toString();
}

export function compareOffsets(a: string | null, b: string | null): number {
  const left = parseOffset(a);
  const right = parseOffset(b);
  if (left === null || right === null) return left === right ? 0 : left === null ? -1 : 1;
  return left < right ? -1 : left > right ? 1 : 0;
}

export type LagLevel = 'unknown' | 'caught-up' | 'behind';

export function lagLevel(lag: string | null | undefined): LagLevel {
  const parsed = parseOffset(lag);
  if (parsed === null) return 'unknown';
  return parsed > 0n ? 'behind' : 'caught-up';
}

/** For plotting only: a sparkline needs a number, and losing precision above 2^53 is harmless there. */
export function offsetForChart(value: string | null | undefined): number {
  const parsed = parseOffset(value);
  return parsed === null ? 0 : Number(parsed);
}
