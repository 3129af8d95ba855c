import { describe, expect, it } from 'vitest';
import { topicNameInput } from './offset';

describe('topic names at the boundary follow Kafka’s rules', () => {
  it.each(['payments.succeeded', 'a', 'A-b_c.9', 'x'.repeat(249)])('accepts %s', (name) => {
    expect(topicNameInput.safeParse(name).success).toBe(true);
  });

  it.each([
    ['a/b', 'may only contain'],
    ['a b', 'may only contain'],
    ['a\u0000b', 'may only contain'],
    ['', 'non-empty'],
    ['.', 'cannot be'],
    ['..', 'cannot be'],
    ['x'.repeat(250), 'at most 249'],
  ])('refuses %j with the rule it breaks', (name, rule) => {
    const parsed = topicNameInput.safeParse(name);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain(rule);
  });
});
