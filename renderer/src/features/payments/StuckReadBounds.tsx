// What a stuck-payments answer read and under which bounds, and when a bound stopped it, the way to read more:
// a person sees why an answer is missing and raises the bound on purpose, ten times at a time.
import type { AppError } from '../../../../shared/failure';
import type { StuckEngineInfo } from '../../../../shared/payments';
import { formatBytes } from '../../format/bytes';
import { raisedReadScale, readBoundsOf } from './paymentFilters';

const count = (n: number) => n.toLocaleString('en');

export function StuckReadNote({ engine }: { engine: StuckEngineInfo | undefined }) {
  if (!engine?.limits || engine.recordsRead === undefined) return null;
  const { limits } = engine;
  return (
    <p className="muted" data-testid="stuck-bounds">
      {engine.refresh ? 'This refresh read' : 'Read'} {count(engine.recordsRead)} records (
      {formatBytes(engine.bytesRead ?? 0)}) · bound {count(limits.maxRecords)} records /{' '}
      {formatBytes(limits.maxBytes)} per answer
    </p>
  );
}

/** Shown instead of the answer when a read bound stopped it; null for any other error. */
export function StuckBoundHit({
  error,
  scale,
  onRaise,
}: {
  error: AppError | null;
  scale: number;
  onRaise: (scale: number) => void;
}) {
  if (error?.reason !== 'read-bound') return null;
  const next = raisedReadScale(scale);
  return (
    <div className="state state-waiting" role="status" data-testid="stuck-bound-hit">
      <p>{error.message}</p>
      {next === null ? (
        <p>The bounds are at their highest: narrow the window or the filters.</p>
      ) : (
        <button type="button" onClick={() => onRaise(next)} data-testid="stuck-read-more">
          Read up to {count(readBoundsOf(next).maxRecords)} records /{' '}
          {formatBytes(readBoundsOf(next).maxBytes)}
        </button>
      )}
    </div>
  );
}
