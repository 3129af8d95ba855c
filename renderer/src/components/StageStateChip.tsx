// One stage's state as a coloured chip; the colour says how worried to be, the word says what it is.
import type { StageState } from '../../../shared/payments';

const tones: Record<StageState, string> = {
  done: 'tone-ok',
  pending: 'tone-idle',
  late: 'tone-pending',
  retrying: 'tone-pending',
  'dead-lettered': 'tone-problem',
  redelivered: 'tone-accent',
};

export function StageStateChip({ state, label }: { state: StageState; label?: string }) {
  return (
    <span className={`badge chip ${tones[state]}`} data-testid="state-chip" data-state={state}>
      {label ? `${label}: ` : ''}
      {state}
    </span>
  );
}
