import { describe, expect, it } from 'vitest';
import { tickBatch } from './tickBatch';

describe('tickBatch', () => {
  it('answers the calls of one tick with one batch, each caller its own result', async () => {
    const batches: number[][] = [];
    const batch = tickBatch(
      async (items: readonly number[]) => (batches.push([...items]), items.map((n) => n * 10)),
      async () => {
        throw new Error('not alone');
      },
    );
    const results = await Promise.all([batch.ask(1), batch.ask(2), batch.ask(3)]);
    expect(results).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
    // A later tick is a new batch.
    expect(await Promise.all([batch.ask(4), batch.ask(5)])).toEqual([40, 50]);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('answers a call made alone without batching it', async () => {
    const batch = tickBatch(
      async () => {
        throw new Error('no batch of one');
      },
      async (n: number) => n + 1,
    );
    expect(await batch.ask(41)).toBe(42);
  });

  it('answers a failed batch call by call: each caller gets its own result or error', async () => {
    const batch = tickBatch(
      async () => {
        throw new Error('leader moved');
      },
      async (n: number) => {
        if (n === 2) throw new Error(`no offsets for ${n}`);
        return n;
      },
    );
    const settled = await Promise.allSettled([batch.ask(1), batch.ask(2), batch.ask(3)]);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([
      1,
      'no offsets for 2',
      3,
    ]);
  });

  it('does not trust a batch answered with the wrong number of results', async () => {
    const batch = tickBatch(
      async () => [1],
      async (n: number) => n * 2,
    );
    expect(await Promise.all([batch.ask(1), batch.ask(2)])).toEqual([2, 4]);
  });
});
