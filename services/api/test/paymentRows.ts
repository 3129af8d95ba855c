// A stored payment row for store tests: everything fixed but the ids and the time.
import type { PaymentRow } from '../store';

export const paymentRow = (paymentId: string, key: string, createdAtMs = Date.now()): PaymentRow => ({
  paymentId,
  idempotencyKey: key,
  customerId: 'cus',
  amountMinor: 100,
  currency: 'EUR',
  email: 'a@example.com',
  phone: null,
  cardLast4: '4242',
  chargeId: `ch_${paymentId}`,
  status: 'succeeded',
  declineCode: null,
  createdAt: new Date(createdAtMs).toISOString(),
});
