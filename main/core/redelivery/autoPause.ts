// A job's self-pause: once more than a threshold of the records it moved fail again at the stage (back in a
// retry tier or the DLQ), it stops moving more into a stage that is still failing, and says why. A person
// resumes it (the count starts again from there) or cancels it.
import { normalizeErrorMessage } from '../../../shared/dlqHeaders';
import type { RedeliveryFailure } from '../../../shared/redelivery';

export class AutoPause {
  private baseline = 0;

  constructor(readonly threshold: number) {}

  /** More than the threshold failed again since the job started or was last resumed. */
  exceeded(failedAgain: number): boolean {
    return failedAgain - this.baseline > this.threshold;
  }

  /** A person resumed the job: only failures after this point count towards the next pause. */
  resumed(failedAgain: number): void {
    this.baseline = failedAgain;
  }
}

/** The most frequent normalised error of the failures, if any carries one. */
export function commonError(failures: readonly Pick<RedeliveryFailure, 'error'>[]): string | null {
  const counts = new Map<string, number>();
  for (const f of failures) {
    if (!f.error) continue;
    const message = normalizeErrorMessage(f.error);
    counts.set(message, (counts.get(message) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [message, count] of counts) if (count > bestCount) [best, bestCount] = [message, count];
  return best;
}

/** "paused: 6 of 12 moved failed again (SmtpError: connect ECONNREFUSED <ip>)" */
export function pausedSentence(
  failedAgain: number,
  moved: number,
  failures: readonly Pick<RedeliveryFailure, 'error'>[],
): string {
  const error = commonError(failures);
  return `paused: ${failedAgain} of ${moved} moved failed again${error ? ` (${error})` : ''}`;
}
