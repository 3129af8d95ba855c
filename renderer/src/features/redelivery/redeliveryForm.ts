// The redelivery dialog's inputs, checked before Start: a reason for the audit log, a sane rate, and (for a
// foreign DLQ) the target topic typed out, because those records go back to a topic every consumer reads.
import type { AppError } from '../../../../shared/failure';
import type { RedeliveryPlan } from '../../../../shared/redelivery';

export interface RedeliveryForm {
  why: string;
  rate: string;
  confirmTopic: string;
  overrideHealth: boolean;
}

export type RedeliveryFormErrors = Partial<Record<'why' | 'rate' | 'confirmTopic' | 'override', string>>;

export function foreignTarget(plan: RedeliveryPlan): string | null {
  return plan.targets.find((t) => t.requiresConfirmation)?.targetTopic ?? null;
}

export function checkRedeliveryForm(form: RedeliveryForm, plan: RedeliveryPlan): RedeliveryFormErrors {
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
  if (plan.refusals.length > 0 && !form.overrideHealth)
    errors.override = 'The stage looks unhealthy: tick the override to redeliver anyway.';
  return errors;
}

/** Which safety check refused a start, from the failure's code and reason (never from its wording). */
export function startRefusal(error: AppError | null): 'stage-unhealthy' | 'confirmation-required' | null {
  if (error?.code !== 'refused') return null;
  return error.reason === 'stage-unhealthy' || error.reason === 'confirmation-required' ? error.reason : null;
}
