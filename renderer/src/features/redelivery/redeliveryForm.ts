// The redelivery dialog's inputs, checked before Start: a reason for the audit log, a sane rate, and (for a
// foreign DLQ) the target topic typed out, because those records go back to a topic every consumer reads.
import type { AppError } from '../../../../shared/failure';
import type { RedeliveryPlan } from '../../../../shared/redelivery';

export interface RedeliveryForm {
  why: string;
  rate: string;
  confirmTopic: string;
  overrideHealth: boolean;
  /** Why the person overrides the gate (audited); asked for only when they override. */
  overrideReason?: string;
  /** Pause the job after more than this many of its records fail again (blank: the default). */
  pauseAfter?: string;
}

export type RedeliveryFormErrors = Partial<
  Record<'why' | 'rate' | 'confirmTopic' | 'override' | 'overrideReason' | 'pauseAfter', string>
>;

export function foreignTarget(plan: RedeliveryPlan): string | null {
  return plan.targets.find((t) => t.requiresConfirmation)?.targetTopic ?? null;
}

/** `gateProblem`: the gate's live "Still failing: …" sentence, when the stage is still failing. */
export function checkRedeliveryForm(
  form: RedeliveryForm,
  plan: RedeliveryPlan,
  gateProblem?: string | null,
): RedeliveryFormErrors {
  const errors: RedeliveryFormErrors = {};
  if (form.why.trim().length < 3)
    errors.why = 'Say why you redeliver (at least 3 characters): it goes into the audit log.';
  const rate = form.rate.trim();
  if (!/^\d+(?:\.\d+)?$/.test(rate) || Number(rate) < 0.1 || Number(rate) > 5000) {
    errors.rate = 'The rate is records per second, from 0.1 to 5000.';
  }
  const target = foreignTarget(plan);
  if (target !== null && form.confirmTopic.trim() !== target)
    errors.confirmTopic = `Type "${target}" to confirm the target topic.`;
  const blocked = plan.refusals.length > 0 || Boolean(gateProblem);
  if (blocked && !form.overrideHealth)
    errors.override = gateProblem
      ? 'The stage is still failing: tick the override to redeliver anyway.'
      : 'The stage looks unhealthy: tick the override to redeliver anyway.';
  if (blocked && form.overrideHealth && (form.overrideReason ?? '').trim().length < 3)
    errors.overrideReason = 'Say why you redeliver despite the gate (at least 3 characters): it is audited.';
  const pause = (form.pauseAfter ?? '').trim();
  if (pause !== '' && (!/^\d+$/.test(pause) || Number(pause) < 1 || Number(pause) > 100_000))
    errors.pauseAfter = 'Pause after a whole number of failures, from 1 to 100000.';
  return errors;
}

/** Which safety check refused a start, from the failure's code and reason (never from its wording). */
export function startRefusal(error: AppError | null): 'stage-unhealthy' | 'confirmation-required' | null {
  if (error?.code !== 'refused') return null;
  return error.reason === 'stage-unhealthy' || error.reason === 'confirmation-required' ? error.reason : null;
}
