import { describe, expect, it } from 'vitest';
import type { GroupSummary } from '../../../../shared/groups';
import type { TopicSummary } from '../../../../shared/topics';
import { commandItems, PALETTE_LIMIT } from './commandItems';

const topic = (name: string) => ({ name }) as TopicSummary;
const group = (groupId: string) => ({ groupId }) as GroupSummary;

describe('command palette items', () => {
  it('offers what was typed as a payment id first, then views, topics and groups', () => {
    const items = commandItems(' pay_123 ', [topic('payments.succeeded')], [group('receipts')]);
    expect(items[0]).toEqual({
      value: 'payment pay_123',
      label: 'Open payment pay_123',
      group: 'Payment',
      route: { page: 'payments', paymentId: 'pay_123' },
    });
    expect(items.find((i) => i.label === 'Dead letters')?.route).toEqual({ page: 'dlq' });
    expect(items.find((i) => i.group === 'Topics')?.route).toEqual({
      page: 'topic',
      topic: 'payments.succeeded',
    });
    expect(items.find((i) => i.group === 'Consumer groups')?.route).toEqual({
      page: 'group',
      groupId: 'receipts',
    });
  });

  it('offers no payment for empty text, and lists a bounded number of topics', () => {
    const many = Array.from({ length: PALETTE_LIMIT + 100 }, (_, i) => topic(`t${i}`));
    const items = commandItems('  ', many, undefined);
    expect(items.some((i) => i.group === 'Payment')).toBe(false);
    expect(items.filter((i) => i.group === 'Topics')).toHaveLength(PALETTE_LIMIT);
    expect(new Set(items.map((i) => i.value)).size).toBe(items.length);
  });
});
