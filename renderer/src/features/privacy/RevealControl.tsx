// The inspector's Reveal: what is masked, a reason asked for before anything is shown, and a countdown while
// the plain record is on screen. The page never keeps the plain record past the end main set.
import { useEffect, useState, type ReactNode } from 'react';
import type { RecordCoordinates, RevealedRecord } from '../../../../shared/privacy';
import type { RecordView } from '../../../../shared/recordView';
import { useRevealRecord } from '../../api/privacy';
import { useNow } from '../../components/useNow';
import { formatCountdown, revealRemainingMs } from './revealClock';

export type RevealPhase =
  | { phase: 'masked' }
  | { phase: 'asking'; reason: string; problem?: string; busy: boolean }
  | { phase: 'revealed'; reason: string; remainingMs: number };

export interface RevealBarProps {
  maskedValues: number;
  state: RevealPhase;
  onAsk: () => void;
  onReason: (reason: string) => void;
  onSubmit: () => void;
  onCancel: () => void;
  onHide: () => void;
}

/** What the person sees; stateless, so each phase can be rendered on its own. */
export function RevealBar({
  maskedValues,
  state,
  onAsk,
  onReason,
  onSubmit,
  onCancel,
  onHide,
}: RevealBarProps) {
  if (state.phase === 'revealed')
    return (
      <div className="reveal-bar reveal-on" role="status" data-testid="reveal-bar" data-phase="revealed">
        <span className="badge tone-problem">personal data shown</span>{' '}
        <span>
          Masked again in <strong data-testid="reveal-countdown">{formatCountdown(state.remainingMs)}</strong>
          . Audited: “{state.reason}”.
        </span>{' '}
        <button type="button" className="button-quiet" onClick={onHide} data-testid="reveal-hide">
          Mask now
        </button>
      </div>
    );
  if (state.phase === 'asking')
    return (
      <form
        className="reveal-bar"
        data-testid="reveal-bar"
        data-phase="asking"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <label className="form-field">
          <span className="form-label">
            Why do you need to see this personal data? (goes into the audit log)
          </span>
          <input
            type="text"
            value={state.reason}
            onChange={(e) => onReason(e.target.value)}
            aria-invalid={Boolean(state.problem)}
            data-testid="reveal-reason"
            placeholder="e.g. ticket 4711: customer disputes the receipt address"
            autoFocus
          />
          {state.problem ? (
            <small className="field-problem" data-testid="reveal-problem">
              {state.problem}
            </small>
          ) : null}
        </label>
        <div className="inspector-actions">
          <button type="submit" disabled={state.busy} data-testid="reveal-submit">
            {state.busy ? 'Revealing…' : 'Reveal for 5 minutes'}
          </button>
          <button type="button" className="button-quiet" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    );
  return (
    <div className="reveal-bar" data-testid="reveal-bar" data-phase="masked">
      <span className="badge badge-quiet">masked</span>{' '}
      <span className="hint">
        {maskedValues} personal value{maskedValues === 1 ? '' : 's'} masked (emails, card numbers, the map's
        personal fields).
      </span>{' '}
      <button type="button" className="button-quiet" onClick={onAsk} data-testid="reveal">
        Reveal…
      </button>
    </div>
  );
}

const sameRecord = (a: RecordCoordinates, b: RecordCoordinates) =>
  a.topic === b.topic && a.partition === b.partition && a.offset === b.offset;

/**
 * The reveal of one record: returns the plain record while a reveal lasts (else null) and the bar to show.
 * The caller keeps copying and exporting the masked record.
 */
export function useReveal(record: RecordView): { plain: RecordView | null; bar: ReactNode } {
  const reveal = useRevealRecord();
  const [asking, setAsking] = useState<string | null>(null);
  const [revealedAny, setRevealed] = useState<RevealedRecord | null>(null);
  // An inspector reused for another record must not show the plain data of the one revealed before.
  const revealed = revealedAny && sameRecord(revealedAny.audit.record, record) ? revealedAny : null;
  const now = useNow(revealed ? 1_000 : 60_000);
  const remainingMs = revealed ? revealRemainingMs(revealed.audit, now) : 0;
  const over = revealed !== null && remainingMs === 0;
  // The plain record is dropped from memory when the reveal ends, not only hidden.
  useEffect(() => {
    if (!revealedAny) return;
    const timer = setTimeout(() => setRevealed(null), revealRemainingMs(revealedAny.audit, Date.now()));
    return () => clearTimeout(timer);
  }, [revealedAny]);

  if (!record.maskedValues && !revealed) return { plain: null, bar: null };
  const state: RevealPhase =
    revealed && !over
      ? { phase: 'revealed', reason: revealed.audit.reason, remainingMs }
      : asking !== null
        ? {
            phase: 'asking',
            reason: asking,
            busy: reveal.isPending,
            ...(reveal.error ? { problem: reveal.error.message } : {}),
          }
        : { phase: 'masked' };
  const bar = (
    <RevealBar
      maskedValues={record.maskedValues ?? 0}
      state={state}
      onAsk={() => {
        reveal.reset();
        setAsking('');
      }}
      onReason={setAsking}
      onCancel={() => setAsking(null)}
      onHide={() => setRevealed(null)}
      onSubmit={() =>
        reveal.mutate(
          { topic: record.topic, partition: record.partition, offset: record.offset, reason: asking ?? '' },
          {
            onSuccess: (result) => {
              setRevealed(result);
              setAsking(null);
            },
          },
        )
      }
    />
  );
  return { plain: revealed && !over ? revealed.record : null, bar };
}
