// The payment_success event: its data schema and its CloudEvents (Kafka binary mode) headers.
import { z } from 'zod';

export const PAYMENT_SUCCESS_TYPE = 'com.eventdesk.payment.success.v1';
export const CLOUDEVENTS_SPEC_VERSION = '1.0';

/** Header names of the CloudEvents Kafka protocol binding, binary mode, plus our correlation id. */
export const ceHeaders = {
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  specversion: 'ce_specversion',
  time: 'ce_time',
  contentType: 'content-type',
  correlationId: 'correlationid',
} as const;

/** Amounts are integer minor units (cents): never floats for money. */
export const paymentSuccessSchema = z
  .object({
    paymentId: z.string().min(1).max(128),
    customerId: z.string().min(1).max(128),
    amountMinor: z.number().int().positive(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    email: z.string().email().max(320),
    phone: z.string().max(32).optional(),
    cardLast4: z.string().regex(/^\d{4}$/),
    chargeId: z.string().min(1),
    createdAt: z.string().datetime(),
  })
  .strict();

export type PaymentSuccess = z.infer<typeof paymentSuccessSchema>;

export interface CloudEventAttributes {
  id: string;
  type: string;
  source: string;
  time: string;
  correlationId: string;
}

/** Kafka headers for one event in CloudEvents binary mode (values are UTF-8 strings). */
export function cloudEventHeaders(attrs: CloudEventAttributes): Record<string, string> {
  return {
    [ceHeaders.id]: attrs.id,
    [ceHeaders.type]: attrs.type,
    [ceHeaders.source]: attrs.source,
    [ceHeaders.specversion]: CLOUDEVENTS_SPEC_VERSION,
    [ceHeaders.time]: attrs.time,
    [ceHeaders.contentType]: 'application/json',
    [ceHeaders.correlationId]: attrs.correlationId,
  };
}
