// The connect form checks bootstrap servers with the same schema main uses, before anything is sent.
import { bootstrapServersSchema } from '../../../../shared/bootstrap';

/** The first problem with the input, worded for a person, or null when it can be sent. */
export function bootstrapInputProblem(value: string): string | null {
  const parsed = bootstrapServersSchema.safeParse(value);
  if (parsed.success) return null;
  return parsed.error.issues[0]?.message ?? 'Invalid bootstrap servers';
}
