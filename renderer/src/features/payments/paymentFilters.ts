// The stuck-payments filters as chosen on screen, turned into the query (or a specific error).
import { STAGE_STATES, STUCK_READ_BOUNDS, type StageState } from '../../../../shared/payments';
import type { StuckPaymentsInput } from '../../api/payments';

export const WINDOWS = [
  { label: 'Last 15 minutes', ms: 15 * 60_000 },
  { label: 'Last hour', ms: 60 * 60_000 },
  { label: 'Last 6 hours', ms: 6 * 60 * 60_000 },
  { label: 'Last 24 hours', ms: 24 * 60 * 60_000 },
  { label: 'Last 7 days', ms: 7 * 24 * 60 * 60_000 },
] as const;

export interface PaymentFilters {
  windowMs: number;
  /** "" for every stage. */
  stage: string;
  /** "" for any state that is not done. */
  state: '' | StageState;
  /** Minutes, as typed; "" for any age. */
  minAgeMinutes: string;
  /** The read bounds as a multiple of the defaults (STUCK_READ_BOUNDS): raised by the person when one is hit. */
  readScale: number;
}

/** The most the bounds may be raised to (the channel's own limits). */
const MAX_READ = { maxRecords: 1_000_000_000, maxBytes: 64 * 1024 ** 3 };

/** The bounds a read scale gives. */
export function readBoundsOf(scale: number): { maxRecords: number; maxBytes: number } {
  return {
    maxRecords: Math.min(MAX_READ.maxRecords, STUCK_READ_BOUNDS.maxRecords * scale),
    maxBytes: Math.min(MAX_READ.maxBytes, STUCK_READ_BOUNDS.maxBytes * scale),
  };
}

/** The next scale up (ten times), or null when the bounds are already at the channel's limits. */
export function raisedReadScale(scale: number): number | null {
  const now = readBoundsOf(scale);
  return now.maxRecords >= MAX_READ.maxRecords && now.maxBytes >= MAX_READ.maxBytes ? null : scale * 10;
}

export const defaultFilters: PaymentFilters = {
  windowMs: 60 * 60_000,
  stage: '',
  state: '',
  minAgeMinutes: '',
  readScale: 1,
};

export function isStageState(value: string): value is StageState {
  return (STAGE_STATES as readonly string[]).includes(value);
}

/**
 * The window is "the last windowMs", ending now: one query (and cache key) while time moves, which main
 * follows and pushes changes of.
 */
export function stuckPaymentsQuery(
  filters: PaymentFilters,
): { ok: true; input: StuckPaymentsInput } | { ok: false; minAgeError: string } {
  const minAge = filters.minAgeMinutes.trim();
  if (minAge !== '' && (!/^\d+(?:\.\d+)?$/.test(minAge) || Number(minAge) > 100_000)) {
    return { ok: false, minAgeError: 'Minimum age is a number of minutes, e.g. 5 or 0.5.' };
  }
  return {
    ok: true,
    input: {
      windowMs: filters.windowMs,
      ...(filters.stage ? { stage: filters.stage } : {}),
      ...(filters.state ? { state: filters.state } : {}),
      ...(minAge !== '' ? { minAgeMs: Math.round(Number(minAge) * 60_000) } : {}),
      // Asking for "done" means showing done payments.
      ...(filters.state === 'done' ? { includeDone: true } : {}),
      limit: 500,
      ...(filters.readScale > 1 ? readBoundsOf(filters.readScale) : {}),
    },
  };
}
