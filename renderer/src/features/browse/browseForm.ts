// The browse form as typed by a person, turned into a scan request, or into one specific error per field.
import { BROWSE_BOUNDS, type ScanProgress } from '../../../../shared/browse';
import { parseJsonPathEquality } from '../../../../shared/jsonPathFilter';
import type { BrowseInput } from '../../api/browse';
import { formatBytes } from '../../format/bytes';
import { formatCount } from '../../format/offsets';

export type SeekMode = 'oldest' | 'newest' | 'offset' | 'timestamp';

export interface BrowseForm {
  topic: string;
  /** "" for every partition. */
  partition: string;
  seek: SeekMode;
  newestCount: string;
  offset: string;
  /** A `datetime-local` value (local time, minutes or seconds). */
  timestamp: string;
  key: string;
  value: string;
  header: string;
  jsonPath: string;
  /** Show records of aborted transactions too (marked), not only committed ones. */
  includeAborted: boolean;
  /** At most this many records scanned; "" for the console's bound (BROWSE_BOUNDS.maxScan). */
  maxScan: string;
  /** At most this many key + value bytes scanned; "" for the console's bound. Raised by "scan further". */
  maxBytes: string;
}

export const emptyBrowseForm: BrowseForm = {
  topic: '',
  partition: '',
  seek: 'newest',
  newestCount: '100',
  offset: '',
  timestamp: '',
  key: '',
  value: '',
  header: '',
  jsonPath: '',
  includeAborted: false,
  maxScan: '',
  maxBytes: '',
};

export type BrowseField = keyof BrowseForm;
export type BrowseFormCheck =
  { ok: true; input: BrowseInput } | { ok: false; errors: Partial<Record<BrowseField, string>> };

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/** The JSON-path error alone, for showing it while the person types. */
export function jsonPathProblem(text: string): string | null {
  if (text.trim() === '') return null;
  const parsed = parseJsonPathEquality(text);
  return parsed.ok ? null : `JSON path ${parsed.error}`;
}

export function checkBrowseForm(form: BrowseForm): BrowseFormCheck {
  const errors: Partial<Record<BrowseField, string>> = {};
  const topic = form.topic.trim();
  if (topic === '') errors.topic = 'Choose a topic to browse.';
  else if (!TOPIC_NAME.test(topic))
    errors.topic = 'A topic name has 1 to 249 letters, digits, ".", "_" or "-".';

  let partition: number | undefined;
  if (form.partition.trim() !== '') {
    if (!/^\d{1,6}$/.test(form.partition.trim()))
      errors.partition = 'A partition is a whole number from 0 (leave empty for all).';
    else partition = Number(form.partition.trim());
  }

  let seek: BrowseInput['seek'] = { mode: 'oldest' };
  if (form.seek === 'newest') {
    const count = form.newestCount.trim();
    if (!/^\d{1,7}$/.test(count) || Number(count) < 1 || Number(count) > 1_000_000) {
      errors.newestCount = 'Enter how many of the newest records per partition: 1 to 1,000,000.';
    } else seek = { mode: 'newest', count: Number(count) };
  } else if (form.seek === 'offset') {
    const offset = form.offset.trim();
    // Kept as a string: offsets exceed 2^53.
    if (!/^\d+$/.test(offset)) errors.offset = 'An offset is a whole number from 0, e.g. 1200.';
    else seek = { mode: 'offset', offset: offset.replace(/^0+(?=\d)/, '') };
  } else if (form.seek === 'timestamp') {
    const at = form.timestamp.trim() === '' ? Number.NaN : new Date(form.timestamp).getTime();
    if (!Number.isFinite(at) || at < 0) errors.timestamp = 'Pick a date and time to start from.';
    else seek = { mode: 'timestamp', timestamp: at };
  }

  const pathError = jsonPathProblem(form.jsonPath);
  if (pathError) errors.jsonPath = pathError;

  const maxScan = form.maxScan.trim().replace(/[,_\s]/g, '');
  if (maxScan !== '' && (!/^\d{1,10}$/.test(maxScan) || Number(maxScan) < 1 || Number(maxScan) > MAX_SCAN))
    errors.maxScan = `At most how many records to scan: 1 to ${formatCount(String(MAX_SCAN))} (empty: ${formatCount(String(BROWSE_BOUNDS.maxScan))}).`;

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const filter: NonNullable<BrowseInput['filter']> = {};
  if (form.key.trim()) filter.key = form.key.trim();
  if (form.value.trim()) filter.value = form.value.trim();
  if (form.header.trim()) filter.header = form.header.trim();
  if (form.jsonPath.trim()) filter.jsonPath = form.jsonPath.trim();
  return {
    ok: true,
    input: {
      topic,
      ...(partition !== undefined ? { partition } : {}),
      seek,
      filter,
      maxResults: 2000,
      ...(form.includeAborted ? { includeAborted: true } : {}),
      ...(maxScan !== '' ? { maxScan: Number(maxScan) } : {}),
      ...(form.maxBytes !== '' ? { maxBytes: Number(form.maxBytes) } : {}),
    },
  };
}

/** The largest bounds the backend accepts (shared/browse.ts browseInput). */
const MAX_SCAN = 1_000_000_000;
const MAX_BYTES = 64 * 1024 ** 3;

/**
 * The form for scanning further after a bound stopped the scan: the bound that stopped it, ten times larger
 * (as far as the backend allows); null when no bound stopped it or it cannot be raised.
 */
export function raisedBounds(form: BrowseForm, progress: ScanProgress): BrowseForm | null {
  if (progress.stoppedBy === 'maxScan') {
    const next = Math.min(MAX_SCAN, progress.limits.maxScan * 10);
    return next > progress.limits.maxScan ? { ...form, maxScan: String(next) } : null;
  }
  if (progress.stoppedBy === 'maxBytes') {
    const next = Math.min(MAX_BYTES, progress.limits.maxBytes * 10);
    return next > progress.limits.maxBytes ? { ...form, maxBytes: String(next) } : null;
  }
  return null;
}

/** "5,000,000 records or 2.0 GiB": the bounds a scan runs under. */
export function boundsText(limits: { maxScan: number; maxBytes: number }): string {
  return `${formatCount(String(limits.maxScan))} records or ${formatBytes(limits.maxBytes)}`;
}

/** What the offsets without a committed record were, e.g. "3 transaction markers, 2 aborted". */
export function skippedText(skipped: { markers: number; aborted: number }): string {
  const parts: string[] = [];
  if (skipped.markers > 0)
    parts.push(
      `${formatCount(String(skipped.markers))} transaction marker${skipped.markers === 1 ? '' : 's'}`,
    );
  if (skipped.aborted > 0) parts.push(`${formatCount(String(skipped.aborted))} aborted`);
  return parts.join(', ');
}
