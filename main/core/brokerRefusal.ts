// When the broker refuses anyway (its ACLs said no where the console's permissions view could not, or a person
// forced the click): one AppFailure that names who, what and where, for the person, the job and the audit.
import { AppFailure } from './appFailure';
import { KafkaPortError, type AuthorizationRefusal } from './kafka/kafkaPort';

/** The broker's refusal an error carries (TOPIC_AUTHORIZATION_FAILED, ...), or null for any other failure. */
export function brokerRefusal(error: unknown): AuthorizationRefusal | null {
  return error instanceof KafkaPortError && error.refusal ? error.refusal : null;
}

export interface RefusedAction {
  /** `write to \`payments.succeeded.receipts.redelivery\`` */
  action: string;
  /** The operation it needs, as the broker's ACLs name it. */
  needs: string;
  /** Who the broker judged (`User:bob`), or null. */
  principal: string | null;
}

/** "The broker refused: User:bob may not write to `t` (TOPIC_AUTHORIZATION_FAILED; needs WRITE on that topic)". */
export function refusalMessage(refusal: AuthorizationRefusal, what: RefusedAction): string {
  return `The broker refused: ${what.principal ?? 'this connection'} may not ${what.action} (${refusal}; needs ${what.needs}).`;
}

/** The error as `refused` / `not-authorized` when the broker refused, else the error unchanged. */
export function asRefusal(error: unknown, what: RefusedAction): unknown {
  const refusal = brokerRefusal(error);
  return refusal
    ? new AppFailure('refused', refusalMessage(refusal, what), { reason: 'not-authorized' })
    : error;
}
