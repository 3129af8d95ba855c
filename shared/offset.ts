// Offsets and counts travel as decimal strings: Kafka offsets exceed 2^53.
import { z } from 'zod';

export type OffsetString = string;

export const offsetString = z.string().regex(/^\d+$/, 'expected an offset: a non-negative whole number');

/**
 * Kafka's own rule for a topic name (org.apache.kafka.common.internals.Topic.validate): 1-249 characters
 * of [a-zA-Z0-9._-], and not "." or "..". Checked at the boundary so `a/b` is invalid input, not "not found".
 */
export const topicNameInput = z
  .string({ error: 'expected a topic name' })
  .min(1, 'expected a non-empty topic name')
  .max(249, 'a topic name has at most 249 characters')
  .regex(/^[a-zA-Z0-9._-]+$/, 'a topic name may only contain letters, digits, ".", "_" and "-"')
  .refine((name) => name !== '.' && name !== '..', 'a topic name cannot be "." or ".."');

export const epochMs = z.number().int().nonnegative();

export const emptyInput = z.object({}).strict();
