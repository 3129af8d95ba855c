import { describe, expect, it } from 'vitest';
import { tallyJob, type RedeliveryOutcome } from './jobAccounting';

const keys = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `dlq/0/${from + i}`);

describe("a redelivery job's accounting", () => {
  it('counts only what this run moved: 321 moved and one confirmed earlier read 321 confirmed, not 322 / 321', () => {
    const own = new Set(keys(321));
    // The ledger also knows the record a previous job redelivered and the stage confirmed.
    const outcomes = new Map<string, RedeliveryOutcome>([...keys(322, 0)].map((k) => [k, 'confirmed']));
    outcomes.set('dlq/0/9999', 'confirmed');
    const tally = tallyJob(own, outcomes);
    expect(tally).toEqual({ confirmed: 321, failedAgain: 0, unconfirmable: 0, waiting: 0 });
    expect(tally.confirmed).toBeLessThanOrEqual(own.size);
  });

  it('puts every moved record in exactly one bucket: confirmed, failed again, unconfirmable or waiting', () => {
    const own = new Set(keys(10));
    const outcomes = new Map<string, RedeliveryOutcome>([
      ['dlq/0/0', 'confirmed'],
      ['dlq/0/1', 'confirmed'],
      ['dlq/0/2', 'failed-again'],
      ['dlq/0/3', 'unconfirmable'],
      ['dlq/0/50', 'failed-again'],
    ]);
    const tally = tallyJob(own, outcomes);
    expect(tally).toEqual({ confirmed: 2, failedAgain: 1, unconfirmable: 1, waiting: 6 });
    expect(tally.confirmed + tally.failedAgain + tally.unconfirmable + tally.waiting).toBe(own.size);
  });

  it('holds confirmed ≤ moved for any mix of outcomes, own records or not', () => {
    const all: RedeliveryOutcome[] = ['confirmed', 'failed-again', 'unconfirmable'];
    for (let seed = 1; seed <= 200; seed++) {
      let x = seed;
      const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31);
      const own = new Set(keys(next() % 50));
      const outcomes = new Map<string, RedeliveryOutcome>();
      for (const k of keys(next() % 80)) if (next() % 4 !== 0) outcomes.set(k, all[next() % 3]!);
      const t = tallyJob(own, outcomes);
      expect(t.confirmed).toBeLessThanOrEqual(own.size);
      expect(t.confirmed + t.failedAgain + t.unconfirmable + t.waiting).toBe(own.size);
    }
  });
});
