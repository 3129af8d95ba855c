// Helpers for integration tests: the shared broker's address and unique names per test.
import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';

export function testBootstrap(): string {
  return inject('kafkaBootstrap');
}

/** A topic or group name no other test uses, so tests never see each other's data. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
