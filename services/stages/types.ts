// The contract between stage logic and whoever calls it: the Kafka runtime (services/runtime/) or the
// payment API's synchronous baseline mode, which calls the same handlers inline.
import type { PaymentSuccess } from '../../shared/events';
import type { StageDescriptor } from '../../shared/referencePipeline';

export interface StageMeta {
  /** CloudEvents id of the payment_success event: the idempotency key of every side effect. */
  ceId: string;
  correlationId: string;
}

/** What a stage reports when it finished; `outcome` becomes the value of the stage's outcome event. */
export interface StageResult {
  outcome?: Record<string, unknown>;
  /** True when the side effect had already happened for this event (the stage's own dedupe hit). */
  alreadyDone?: boolean;
}

/** Throws on failure; see StageError for how a failure is classified. */
export type StageHandler = (event: PaymentSuccess, meta: StageMeta) => Promise<StageResult | void>;

export interface StageDeps {
  smtp: { host: string; port: number };
  smsUrl: string;
  /** Folder for the stages' own SQLite files (one per stage). */
  dataDir: string;
  /** Optional tuning; defaults suit the sandbox. */
  receipts?: { from?: string; timeoutMs?: number };
  fraud?: FraudRules;
  notifications?: { timeoutMs?: number };
}

export interface FraudRules {
  /** A single payment at or above this amount (minor units) is flagged. */
  amountThresholdMinor: number;
  /** More than this many payments by one customer within the window is flagged. */
  velocityMaxPayments: number;
  velocityWindowMs: number;
}

/**
 * transient: worth retrying later (provider down, timeout, 4xx SMTP, 5xx HTTP).
 * permanent: retrying cannot help (mailbox rejected, 4xx HTTP): straight to the DLQ.
 * poison: the record itself is unreadable (set by the runtime, never by a handler).
 */
export type FailureClass = 'transient' | 'permanent' | 'poison';

export class StageError extends Error {
  constructor(
    message: string,
    readonly failureClass: FailureClass,
    /** A Java-style class name for the DLQ's exception headers, e.g. `eventdesk.SmtpUnavailable`. */
    readonly errorName: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = errorName;
  }
}

/** Every stage module exports one of these (its descriptor plus its handler); the registry lists them. */
export interface StageDefinition<N extends string = string> extends StageDescriptor {
  name: N;
  create(deps: StageDeps): StageInstance;
}

export interface StageInstance {
  handle: StageHandler;
  close(): Promise<void> | void;
}
