// The redelivery gate as the dialog shows it, read again every few seconds: is the stage still failing? Its
// evidence is what reached the stage's retry topics and DLQ in the last minute, and when it last finished one.
import type { AppError } from '../../../../shared/failure';
import type { StageEvidence } from '../../../../shared/redelivery';
import { ErrorPanel } from '../../components/QueryStates';
import { formatClock } from '../../format/time';

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

function openWords(g: StageEvidence): string {
  const failed = g.newDeadLetters + g.newRetries;
  if (failed === 0) return `no new retries or dead letters in the last ${seconds(g.windowMs)}`;
  return `${failed} failure${failed === 1 ? '' : 's'} in the last ${seconds(g.windowMs)}, but the stage finished a payment after the last one${g.lastOutcomeAt !== null ? ` (at ${formatClock(g.lastOutcomeAt)})` : ''}`;
}

export function GatePanel({
  gate,
  error,
  loading,
}: {
  gate: StageEvidence | undefined;
  error: AppError | null;
  loading: boolean;
}) {
  if (error) return <ErrorPanel error={error} what="the redelivery gate" />;
  if (!gate)
    return loading ? (
      <p className="state state-loading" role="status" data-testid="gate-loading">
        Checking the stage's recent evidence (retries, dead letters, outcomes of the last minute)…
      </p>
    ) : null;
  return (
    <div
      className={`gate-panel ${gate.failing ? 'gate-failing' : 'gate-open'}`}
      role={gate.failing ? 'alert' : 'status'}
      data-testid="gate"
      data-failing={gate.failing}
    >
      <span className={`badge ${gate.failing ? 'tone-problem' : 'tone-ok'}`}>
        {gate.failing ? 'Gate closed' : 'Gate open'}
      </span>{' '}
      <span data-testid="gate-reason">
        {gate.failing ? gate.problem : `The stage works: ${openWords(gate)}.`}
      </span>{' '}
      <span className="muted small nowrap">checked {formatClock(gate.checkedAt)}, every 3 s</span>
    </div>
  );
}
