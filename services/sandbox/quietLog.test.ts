import { describe, expect, it } from 'vitest';
import { createQuietLog } from './quietLog';

function logged(verbose: boolean) {
  const lines: string[] = [];
  const quiet = createQuietLog((line) => lines.push(line), { verbose });
  return { lines, quiet, pipeline: quiet.scope('pipeline') };
}

const crash = (n: number) =>
  `[receipts] receipts: consumer crashed (KafkaJSNumberOfRetriesExceeded: attempt ${n}), restart true`;

describe('the sandbox log', () => {
  it('prints one line per stage state change, not one per retry or per record', () => {
    const { lines, pipeline } = logged(false);
    pipeline('[receipts] receipts: joined group receipts in 391 ms (leader: true)');
    for (let n = 0; n < 5; n++) pipeline(crash(n));
    for (let n = 0; n < 5; n++)
      pipeline(`[receipts] receipts: payments.succeeded/0@${n} → receipts.dlq (poison: bad json)`);
    pipeline('[receipts] receipts: joined group receipts in 12 ms (leader: true)');
    pipeline(crash(9));
    expect(lines).toEqual([
      '[pipeline] [receipts] receipts: joined group receipts in 391 ms (leader: true)',
      `[pipeline] ${crash(0)}`,
      '[pipeline] [receipts] receipts: joined group receipts in 12 ms (leader: true)',
      `[pipeline] ${crash(9)}`,
    ]);
  });

  it('says a repeated failure once until reset, and drops client retries', () => {
    const { lines, quiet, pipeline } = logged(false);
    pipeline('kafkajs Connection: Connection error: connect ECONNREFUSED 127.0.0.1:33359');
    pipeline('traffic: payment 1 failed: 503');
    pipeline('traffic: payment 2 failed: 503');
    quiet.reset();
    pipeline('traffic: payment 3 failed: 503');
    expect(lines).toEqual([
      '[pipeline] traffic: payment 1 failed: 503',
      '[pipeline] traffic: payment 3 failed: 503',
    ]);
  });

  it('prints every provider mode change and stage exit, and tells the sandbox after each printed line', () => {
    const { lines, quiet, pipeline } = logged(false);
    let printed = 0;
    quiet.onPrinted = () => printed++;
    for (const mode of ['down', 'normal', 'down']) pipeline(`smtp sink mode → {"mode":"${mode}"}`);
    pipeline('stage receipts exited (code 1, pid 42)');
    pipeline('stage receipts exited (code 1, pid 43)');
    expect(lines).toHaveLength(5);
    expect(printed).toBe(5);
  });

  it('prints everything with --verbose', () => {
    const { lines, pipeline } = logged(true);
    for (let n = 0; n < 3; n++) pipeline(crash(n));
    pipeline('kafkajs Connection: Connection error');
    expect(lines).toHaveLength(4);
  });
});
