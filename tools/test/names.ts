// Unique names for topics and groups, so tests never see each other's data (vitest and Playwright alike).
import { randomBytes } from 'node:crypto';

/** A topic or group name no other test uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
