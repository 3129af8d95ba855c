import { describe, expect, it } from 'vitest';
import {
  decodeAuthorizedOperations,
  encodeAuthorizedOperations,
  OPERATIONS_UNKNOWN,
  redeliverRefusal,
  type PermissionsView,
} from './permissions';

describe('KIP-430 operation bitfields', () => {
  it('decodes bit n as AclOperation code n, and Integer.MIN_VALUE as "not said"', () => {
    // 264 = bits 3 and 8: what the secured broker answers for the viewer on a topic.
    expect(decodeAuthorizedOperations(264)).toEqual(['READ', 'DESCRIBE']);
    expect(decodeAuthorizedOperations(0)).toEqual([]);
    expect(decodeAuthorizedOperations(OPERATIONS_UNKNOWN)).toBeNull();
    expect(decodeAuthorizedOperations(encodeAuthorizedOperations(['WRITE', 'IDEMPOTENT_WRITE']))).toEqual([
      'WRITE',
      'IDEMPOTENT_WRITE',
    ]);
  });

  it('names the first topic Redeliver may not write, and lets an unknown answer through', () => {
    const view: PermissionsView = {
      principal: 'User:bob',
      supported: true,
      cluster: [],
      checkedAt: 0,
      groups: [],
      topics: [
        { name: 'r', role: 'redelivery', operations: ['READ', 'DESCRIBE'] },
        { name: 'l', role: 'ledger', operations: ['WRITE'] },
      ],
    };
    expect(redeliverRefusal(view, 'r')).toBe('you may not write to `r` (needs WRITE on that topic)');
    const writable = { ...view, topics: view.topics.map((t) => ({ ...t, operations: null })) };
    expect(redeliverRefusal(writable, 'r')).toBeNull();
    expect(redeliverRefusal(undefined, 'r')).toBeNull();
  });
});
