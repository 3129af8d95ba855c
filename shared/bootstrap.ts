// Bootstrap-server lists ("host:port,host:port") parsed and validated the same way in the UI and in main.
import { z } from 'zod';

const hostPattern = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)$/;

/** Returns a person-readable problem with one "host:port" entry, or null when it is valid. */
export function bootstrapEntryProblem(entry: string): string | null {
  const trimmed = entry.trim();
  if (trimmed === '') return 'an empty entry (two commas in a row, or a trailing comma)';
  if (/\s/.test(trimmed)) return `"${trimmed}" contains a space`;
  if (/^[a-z]+:\/\//i.test(trimmed))
    return `"${trimmed}" has a scheme; write host:port without "${trimmed.split('://')[0]}://"`;
  const colon = trimmed.lastIndexOf(':');
  if (colon <= 0) return `"${trimmed}" has no port; write host:port, e.g. localhost:9092`;
  const host = trimmed.slice(0, colon);
  const port = trimmed.slice(colon + 1);
  if (!hostPattern.test(host)) return `"${host}" is not a valid host name or address`;
  if (!/^\d+$/.test(port)) return `port "${port}" is not a number`;
  const n = Number(port);
  if (n < 1 || n > 65535) return `port ${port} is outside 1-65535`;
  return null;
}

export const bootstrapServersSchema = z
  .string()
  .trim()
  .min(1, 'Enter at least one bootstrap server, e.g. localhost:9092')
  .superRefine((value, ctx) => {
    for (const entry of value.split(',')) {
      const problem = bootstrapEntryProblem(entry);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: `Invalid bootstrap server: ${problem}` });
        return;
      }
    }
  })
  .transform((value) => value.split(',').map((s) => s.trim()));
