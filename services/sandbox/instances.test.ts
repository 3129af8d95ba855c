import { describe, expect, it } from 'vitest';
import { parseInstances } from './instances';

describe('parseInstances', () => {
  it('reads one count for every stage', () => {
    expect(parseInstances('2')).toBe(2);
  });
  it('reads counts per stage', () => {
    expect(parseInstances('receipts=3, cashback=2')).toEqual({ receipts: 3, cashback: 2 });
  });
  it('refuses what is not a count', () => {
    expect(() => parseInstances('0')).toThrow(/1 to 32/);
    expect(() => parseInstances('receipts=x')).toThrow(/count for receipts/);
    expect(() => parseInstances('receipts')).toThrow(/stage=count/);
    expect(() => parseInstances('')).toThrow(/expected N/);
  });
});
