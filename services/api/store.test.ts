// The store's group commit keeps the claim semantics of one-at-a-time transactions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPaymentStore, type PaymentRow, type PaymentStore } from './store';
import { paymentRow } from './test/paymentRows';

let dir: string;
let store: PaymentStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eventdesk-store-'));
  store = openPaymentStore(dir);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const row = (paymentId: string, key: string): PaymentRow => paymentRow(paymentId, key);

describe('payment store', () => {
  it('lets exactly one of many claims batched into one commit win the key', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.claim('k1', 'h', `pay_${i}`, 30_000)),
    );
    expect(results.filter((r) => r.kind === 'new')).toEqual([{ kind: 'new', paymentId: 'pay_0' }]);
    expect(results.slice(1).every((r) => r.kind === 'in_flight')).toBe(true);
  });

  it('rejects only the failing write of a batch; the others commit', async () => {
    await store.claim('a', 'h', 'pay_a', 30_000);
    await store.claim('b', 'h', 'pay_b', 30_000);
    const ok = store.complete('a', row('pay_a', 'a'), null, { status: 201, body: '{"a":1}' });
    // Same payment id again: the primary key refuses it, inside its own savepoint.
    const bad = store.complete('b', row('pay_a', 'b'), null, { status: 201, body: '{"b":1}' });
    await expect(ok).resolves.toBeUndefined();
    await expect(bad).rejects.toThrow(/UNIQUE|PRIMARY/);
    expect(await store.claim('a', 'h', 'x', 30_000)).toEqual({
      kind: 'replay',
      response: { status: 201, body: '{"a":1}' },
    });
    expect(await store.claim('b', 'h', 'x', 30_000)).toEqual({ kind: 'in_flight' });
  });

  it('answers a different body with mismatch and resumes a stale lock with the same payment id', async () => {
    await store.claim('k', 'h1', 'pay_k', 1_000, 0);
    expect(await store.claim('k', 'h2', 'x', 1_000, 10)).toEqual({ kind: 'mismatch' });
    expect(await store.claim('k', 'h1', 'x', 1_000, 500)).toEqual({ kind: 'in_flight' });
    expect(await store.claim('k', 'h1', 'x', 1_000, 5_000)).toEqual({ kind: 'resume', paymentId: 'pay_k' });
  });

  it('queues outbox rows with the payment and reports the backlog', async () => {
    await store.claim('k', 'h', 'pay_k', 30_000);
    await store.complete(
      'k',
      row('pay_k', 'k'),
      { eventId: 'ev1', topic: 't', messageKey: 'pay_k', headers: { ce_id: 'ev1' }, payload: '{}' },
      { status: 201, body: '{}' },
    );
    expect(store.outboxBacklog().pending).toBe(1);
    const [pending] = store.unsentOutbox(10);
    expect(pending).toMatchObject({ eventId: 'ev1', messageKey: 'pay_k', headers: { ce_id: 'ev1' } });
    store.markSent([pending!.seq], Date.now());
    expect(store.outboxBacklog().pending).toBe(0);
    expect(store.getPayment('pay_k')).toMatchObject({ eventId: 'ev1', status: 'succeeded' });
  });
});
