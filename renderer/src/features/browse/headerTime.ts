// A dead-letter or retry header that holds a time (epoch ms) is shown as a date, with the raw number beside it.
import { timestampHeaderNames } from '../../../../shared/deadLetterHeaderNames';
import type { HeaderView } from '../../../../shared/recordView';

/** Epoch ms of a known timestamp header, or null when the header is not one or its value is not a plausible time. */
export function headerTime(header: Pick<HeaderView, 'key' | 'kind' | 'text'>): number | null {
  if (!timestampHeaderNames.has(header.key)) return null;
  if (header.kind === 'null' || header.kind === 'binary') return null;
  if (!/^\d{1,16}$/.test(header.text)) return null;
  const ms = Number(header.text);
  // Years 1970..5000: anything else is a number that happens to sit in a timestamp header.
  return ms > 0 && ms < 95_617_584_000_000 ? ms : null;
}
