import { describe, expect, it } from 'vitest';
import { bootstrapEntryProblem, bootstrapServersSchema } from './bootstrap';

describe('bootstrap servers', () => {
  it('accepts host:port lists and trims them', () => {
    expect(bootstrapServersSchema.parse(' localhost:9092 , 10.0.0.1:9093,[::1]:9094')).toEqual([
      'localhost:9092',
      '10.0.0.1:9093',
      '[::1]:9094',
    ]);
  });

  it.each([
    ['foo', 'has no port'],
    ['kafka:abc', 'is not a number'],
    ['kafka:70000', 'outside 1-65535'],
    ['kafka:0', 'outside 1-65535'],
    ['PLAINTEXT://kafka:9092', 'has a scheme'],
    ['ka fka:9092', 'contains a space'],
    ['-bad-:9092', 'not a valid host'],
    ['', 'empty entry'],
  ])('explains what is wrong with "%s"', (entry, words) => {
    expect(bootstrapEntryProblem(entry)).toContain(words);
  });

  it('reports the first bad entry of a list and an empty list', () => {
    const r = bootstrapServersSchema.safeParse('a:1,,b:2');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('empty entry');
    expect(bootstrapServersSchema.safeParse('   ').error?.issues[0]?.message).toContain('at least one');
  });
});
