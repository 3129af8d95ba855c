// The processed-event store forgets entries only after its retention window, which must outlast every retry tier.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RETRY_TIER_DELAYS_MS } from '../../shared/referencePipeline';
import { DEFAULT_PROCESSED_RETENTION_MS, openProcessedStore, type ProcessedStore } from './processedStore';

const HOUR = 60 * 60 * 1000;
let dir: string;
let now: number;
let store: ProcessedStore | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eventdesk-processed-'));
  now = Date.UTC(2030, 0, 1);
});
afterEach(() => {
  store?.close();
  store = undefined;
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

const row = (ceId: string) => ({ ceId, paymentId: `pay_${ceId}`, topic: 't', partition: 0, offset: '1' });

describe('processed-event store retention', () => {
  it('still dedupes an entry inside the window and forgets one outside it', () => {
    store = openProcessedStore(dir, 'receipts', { retentionMs: HOUR, pruneIntervalMs: 0, now: () => now });
    store.markProcessed(row('old'));
    now += 30 * 60 * 1000;
    store.markProcessed(row('recent'));
    now += 30 * 60 * 1000;
    expect(store.prune()).toBe(1);
    expect(store.has('old')).toBe(false);
    expect(store.has('recent')).toBe(true);
    expect(store.count()).toBe(1);
  });

  it('keeps a week by default and prunes in batches on its interval', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setImmediate'] });
    store = openProcessedStore(dir, 'fraud', { now: () => now });
    store.markProcessedMany(Array.from({ length: 1_200 }, (_, i) => row(`e${i}`)));
    now += DEFAULT_PROCESSED_RETENTION_MS - 1;
    vi.advanceTimersByTime(60_000);
    expect(store.count()).toBe(1_200);
    now += 1;
    vi.advanceTimersByTime(60_000);
    vi.runAllTicks();
    vi.advanceTimersToNextTimer();
    vi.advanceTimersToNextTimer();
    expect(store.count()).toBe(0);
  });

  it('stays bounded over a long run', () => {
    store = openProcessedStore(dir, 'loyalty', { retentionMs: HOUR, pruneIntervalMs: 0, now: () => now });
    let max = 0;
    // 20,000 events at one per second, written 100 per transaction, pruned every 600 simulated seconds.
    for (let i = 0; i < 20_000; i += 100) {
      store.markProcessedMany(Array.from({ length: 100 }, (_, j) => row(`e${i + j}`)));
      now += 100_000;
      if (i % 600 === 0) store.prune();
      max = Math.max(max, store.count());
    }
    // One hour of events at one per second, plus up to one prune interval (600 s) of slack.
    expect(max).toBeLessThanOrEqual(3_600 + 600);
    expect(store.count()).toBeLessThanOrEqual(3_600 + 600);
  });

  it('refuses a window not longer than the longest retry tier', () => {
    const longest = Math.max(...DEFAULT_RETRY_TIER_DELAYS_MS);
    expect(() => openProcessedStore(dir, 'x', { retentionMs: longest })).toThrow(
      /must be longer than the longest retry tier delay \(60000 ms\)/,
    );
    expect(() =>
      openProcessedStore(dir, 'x', { retentionMs: 2 * HOUR, retryTierDelaysMs: [1_000, 3 * HOUR] }),
    ).toThrow(/longest retry tier/);
  });
});
