// Run-time switches shared by the sandbox's fake providers (SMTP sink, SMS provider).
import { z } from 'zod';

export const providerModeSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('normal') }).strict(),
  /** Each message waits delayMs before it is accepted. */
  z.object({ mode: z.literal('slow'), delayMs: z.number().int().min(0).max(120_000) }).strict(),
  /** Every message is refused with this status (SMTP 4xx/5xx, or HTTP status for the SMS provider). */
  z.object({ mode: z.literal('failing'), code: z.number().int().min(400).max(599) }).strict(),
  /** Stops listening: connections are refused. */
  z.object({ mode: z.literal('down') }).strict(),
]);

export type ProviderMode = z.infer<typeof providerModeSchema>;
