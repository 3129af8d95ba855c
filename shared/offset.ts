// Offsets and counts travel as decimal strings: Kafka offsets exceed 2^53.
import { z } from 'zod';

export type OffsetString = string;

export const offsetString = z.string().regex(/^\d+$/, 'expected an offset: a non-negative whole number');

/** Kafka's own rule for a topic name at the boundary: 1-249 characters. */
export const topicNameInput = z.string().min(1).max(249);

export const epochMs = z.number().int().nonnegative();

export const emptyInput = z.object({}).strict();
