// SMS/push notification through a provider's HTTP API. The provider gets an Idempotency-Key derived from
// the event id, so a resend after a crash is deduplicated on its side.
import type { PaymentSuccess } from '../../shared/events';
import { referenceStage } from '../../shared/referencePipeline';
import { formatAmount } from './receipts';
import { openStageDb } from './stageDb';
import {
  StageError,
  type StageDefinition,
  type StageDeps,
  type StageInstance,
  type StageMeta,
} from './types';

export function notificationIdempotencyKey(ceId: string): string {
  return `notifications:${ceId}`;
}

/** 408, 429 and 5xx may succeed later; any other 4xx means the request itself is wrong. */
export function classifyHttpStatus(status: number, body: string): StageError {
  const retryable = status === 408 || status === 429 || status >= 500;
  return new StageError(
    `SMS provider answered ${status}: ${body.slice(0, 200)}`,
    retryable ? 'transient' : 'permanent',
    retryable ? 'eventdesk.notifications.ProviderUnavailable' : 'eventdesk.notifications.ProviderRejected',
  );
}

export function createNotificationsStage(deps: StageDeps): StageInstance {
  const timeoutMs = deps.notifications?.timeoutMs ?? 3000;
  const db = openStageDb(deps.dataDir, 'notifications.sqlite');
  db.exec(`CREATE TABLE IF NOT EXISTS notifications_sent (
    payment_id TEXT PRIMARY KEY, ce_id TEXT NOT NULL, provider_id TEXT, sent_at INTEGER NOT NULL)`);
  const findSent = db.prepare<[string], { provider_id: string | null }>(
    'SELECT provider_id FROM notifications_sent WHERE payment_id = ?',
  );
  const markSent = db.prepare(
    'INSERT OR IGNORE INTO notifications_sent (payment_id, ce_id, provider_id, sent_at) VALUES (?, ?, ?, ?)',
  );

  async function handle(event: PaymentSuccess, meta: StageMeta) {
    if (!event.phone)
      return { outcome: { paymentId: event.paymentId, skipped: 'no phone number on the payment' } };
    const previous = findSent.get(event.paymentId);
    if (previous)
      return { alreadyDone: true, outcome: { paymentId: event.paymentId, providerId: previous.provider_id } };
    let response: Response;
    try {
      response = await fetch(deps.smsUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': notificationIdempotencyKey(meta.ceId),
          'x-payment-id': event.paymentId,
          'x-correlation-id': meta.correlationId,
        },
        body: JSON.stringify({
          to: event.phone,
          paymentId: event.paymentId,
          text: `Payment of ${formatAmount(event.amountMinor, event.currency)} received. Ref ${event.paymentId}`,
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new StageError(
        `SMS provider unreachable: ${message}`,
        'transient',
        'eventdesk.notifications.ProviderUnreachable',
        { cause: err },
      );
    }
    const body = await response.text();
    if (!response.ok) throw classifyHttpStatus(response.status, body);
    let providerId: string | null = null;
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === 'object' && parsed !== null && 'id' in parsed && typeof parsed.id === 'string')
        providerId = parsed.id;
    } catch {
      // A 2xx without a JSON body still means delivered; the provider id is only informative.
    }
    markSent.run(event.paymentId, meta.ceId, providerId, Date.now());
    return { outcome: { paymentId: event.paymentId, providerId } };
  }

  return {
    handle,
    close() {
      db.close();
    },
  };
}

export const notificationsStage: StageDefinition<'notifications'> = {
  ...referenceStage('notifications'),
  create: createNotificationsStage,
};
