// When a retrying stage tries the payment next, with a countdown: "next attempt 12:03:04 CET (in 40 s)".
import type { StageStatus } from '../../../../shared/payments';
import { useNow } from '../../components/useNow';
import { formatDateTime, formatIn } from '../../format/time';

export function NextAttempt({ status }: { status: StageStatus }) {
  const now = useNow(1000);
  if (status.state !== 'retrying' || status.nextAttemptAt === undefined) return null;
  return (
    <span className="chip-reason nowrap" data-testid="next-attempt">
      next attempt {formatDateTime(status.nextAttemptAt)} ({formatIn(status.nextAttemptAt, now)})
    </span>
  );
}
