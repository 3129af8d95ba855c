// The payment API's wire format: request validation and the idempotency-key rules, checked at the edge.
import { z } from 'zod';

/** Keys as Stripe and the IETF draft describe them: opaque, up to 255 visible ASCII characters. */
export const idempotencyKeySchema = z
  .string()
  .min(1, 'Idempotency-Key must not be empty')
  .max(255, 'Idempotency-Key must be at most 255 characters')
  .regex(/^[\x21-\x7e]+$/, 'Idempotency-Key may contain only visible ASCII characters');

export const createPaymentSchema = z
  .object({
    customerId: z
      .string()
      .min(1)
      .max(128)
      // Customer fields are shown to support staff and mailed in receipts: no control characters (C0, DEL,
      // C1, invisible formatting) and no markup, so nothing stored can rewrite a screen, a log line or a mail.
      .regex(
        /^[^\p{Cc}\p{Cf}<>"'&\\]+$/u,
        'customerId may not contain control characters or markup (<, >, ", \', &, \\)',
      )
      .refine((v) => v.trim() === v, 'customerId may not start or end with spaces'),
    /** Integer minor units (cents); never floats for money. */
    amountMinor: z.number().int().positive().max(100_000_000_00),
    currency: z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code such as EUR'),
    email: z.string().email().max(320),
    phone: z
      .string()
      .regex(/^\+?[0-9 ]{6,20}$/)
      .optional(),
    /** Sandbox only: the card number goes to the gateway and is never stored or published (only its last 4). */
    cardNumber: z.string().regex(/^\d{12,19}$/, 'cardNumber must be 12 to 19 digits'),
  })
  .strict();
export type CreatePaymentRequest = z.infer<typeof createPaymentSchema>;

/** What POST /payments answers with 201 (and stores, so a replay sends the same bytes). */
export interface PaymentCreated {
  paymentId: string;
  status: 'succeeded';
  customerId: string;
  amountMinor: number;
  currency: string;
  cardLast4: string;
  chargeId: string;
  eventId: string | null;
  createdAt: string;
}

export interface ApiError {
  error: string;
  message: string;
  details?: unknown;
}
