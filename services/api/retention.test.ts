// Retention of the API's own records: idempotency keys expire after their window, sent outbox rows go once
// published, and over a long run the tables stay bounded. Time is an injected clock; nothing waits for real.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openPaymentStore, type PaymentRow, type PaymentStore, type PaymentStoreOptions } from './store';
import { paymentRow } from './test/paymentRows';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

let dir: string;
let now: number;
let store: PaymentStore;
const open = (options: PaymentStoreOptions = {}) =>
  openPaymentStore(dir, { durability: 'normal', pruneIntervalMs: 0, now: () => now, ...options });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eventdesk-retention-'));
  now = Date.UTC(2030, 0, 1);
  store = open();
});
afterEach(() => {
  store.close();
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

const row = (paymentId: string, key: string): PaymentRow => paymentRow(paymentId, key, now);
const event = (paymentId: string) => ({
  eventId: `ev_${paymentId}`,
  topic: 't',
  messageKey: paymentId,
  headers: { ce_id: `ev_${paymentId}` },
  payload: '{}',
});

async function pay(key: string, paymentId: string, hash = 'h'): Promise<void> {
  const claim = await store.claim(key, hash, paymentId, 30_000);
  expect(claim).toEqual({ kind: 'new', paymentId });
  await store.complete(key, row(paymentId, key), event(paymentId), {
    status: 201,
    body: `{"p":"${paymentId}"}`,
  });
}

describe('idempotency key retention', () => {
  it('replays a key inside the 24 h window and treats it as a new payment after it', async () => {
    await pay('k', 'pay_1');
    now += DAY - 1;
    expect(await store.claim('k', 'h', 'pay_x', 30_000)).toEqual({
      kind: 'replay',
      response: { status: 201, body: '{"p":"pay_1"}' },
    });
    expect(await store.claim('k', 'other', 'pay_x', 30_000)).toEqual({ kind: 'mismatch' });
    now += 1;
    // Outside the window: a new charge, even with another body, and its payment is stored next to the old one.
    await pay('k', 'pay_2', 'other');
    expect(store.getPayment('pay_1')).toMatchObject({ idempotencyKey: 'k' });
    expect(store.getPayment('pay_2')).toMatchObject({ idempotencyKey: 'k' });
    expect(await store.claim('k', 'other', 'pay_y', 30_000)).toMatchObject({ kind: 'replay' });
  });

  it('honours a configured window', async () => {
    store.close();
    store = open({ idempotencyRetentionMs: HOUR });
    await pay('k', 'pay_1');
    now += HOUR;
    expect(await store.claim('k', 'h', 'pay_2', 30_000)).toEqual({ kind: 'new', paymentId: 'pay_2' });
  });

  it('never expires a key whose charge is in flight or unknown', async () => {
    await store.claim('unknown', 'h', 'pay_u', 30_000);
    store.markChargeUnknown('unknown');
    now += 3 * DAY;
    expect(store.prune().idempotencyKeys).toBe(0);
    expect(await store.claim('unknown', 'h', 'pay_x', 30_000)).toEqual({
      kind: 'resume',
      paymentId: 'pay_u',
    });
  });

  it('prunes expired keys and deletes outbox rows once sent, keeping unsent ones and the publication time', async () => {
    await pay('a', 'pay_a');
    await pay('b', 'pay_b');
    const [first, second] = store.unsentOutbox(10);
    store.markSent([first!.seq], now);
    expect(store.rowCounts()).toEqual({ idempotencyKeys: 2, payments: 2, outbox: 1 });
    expect(store.unsentOutbox(10).map((r) => r.seq)).toEqual([second!.seq]);
    expect(store.getPayment('pay_a')).toMatchObject({ eventId: 'ev_pay_a', publishedAt: now });
    expect(store.getPayment('pay_b')).toMatchObject({ eventId: 'ev_pay_b', publishedAt: null });
    now += DAY;
    expect(store.prune()).toEqual({ idempotencyKeys: 2, outbox: 0 });
    expect(store.rowCounts()).toEqual({ idempotencyKeys: 0, payments: 2, outbox: 1 });
  });

  it('prunes in the background on its interval', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    store.close();
    store = open({ pruneIntervalMs: 60_000 });
    await pay('k', 'pay_1');
    now += DAY;
    vi.advanceTimersByTime(60_000);
    expect(store.rowCounts().idempotencyKeys).toBe(0);
  });

  it('keeps storage bounded over 50,000 payments across 3 simulated days', async () => {
    const total = 50_000;
    const step = (3 * DAY) / total;
    const pruneEvery = 10 * 60 * 1000;
    let nextPrune = now + pruneEvery;
    let maxKeys = 0;
    let maxOutbox = 0;
    const chunk = 500;
    for (let i = 0; i < total; i += chunk) {
      const ids = Array.from({ length: chunk }, (_, j) => i + j);
      await Promise.all(ids.map((n) => store.claim(`key_${n}`, 'h', `pay_${n}`, 30_000)));
      await Promise.all(
        ids.map((n) =>
          store.complete(`key_${n}`, row(`pay_${n}`, `key_${n}`), event(`pay_${n}`), {
            status: 201,
            body: '{}',
          }),
        ),
      );
      now += chunk * step;
      const unsent = store.unsentOutbox(chunk);
      store.markSent(
        unsent.map((r) => r.seq),
        now,
      );
      if (now >= nextPrune) {
        store.prune();
        nextPrune += pruneEvery;
      }
      const counts = store.rowCounts();
      maxKeys = Math.max(maxKeys, counts.idempotencyKeys);
      maxOutbox = Math.max(maxOutbox, counts.outbox);
    }
    const perDay = total / 3;
    const counts = store.rowCounts();
    console.log(
      `50,000 payments over 3 days: max idempotency_keys ${maxKeys}, max outbox ${maxOutbox}, end ${JSON.stringify(counts)}`,
    );
    // At most one window's worth of keys plus what arrived since the last prune.
    expect(maxKeys).toBeLessThanOrEqual(Math.ceil(perDay * (1 + pruneEvery / DAY)) + chunk);
    expect(maxOutbox).toBeLessThanOrEqual(chunk);
    expect(counts.payments).toBe(total);
  }, 60_000);
});

describe('a database written before retention', () => {
  it('is migrated: a key can be reused after expiry and published events keep their time', async () => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(join(tmpdir(), 'eventdesk-retention-old-'));
    const old = new Database(join(dir, 'payments.sqlite'));
    old.exec(`
      CREATE TABLE idempotency_keys (key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, payment_id TEXT NOT NULL,
        state TEXT NOT NULL, locked_at INTEGER, response_status INTEGER, response_body TEXT,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE payments (payment_id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE,
        customer_id TEXT NOT NULL, amount_minor INTEGER NOT NULL, currency TEXT NOT NULL, email TEXT NOT NULL,
        phone TEXT, card_last4 TEXT NOT NULL, charge_id TEXT NOT NULL, status TEXT NOT NULL, decline_code TEXT,
        created_at TEXT NOT NULL);
      CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE,
        payment_id TEXT NOT NULL, topic TEXT NOT NULL, message_key TEXT NOT NULL, headers TEXT NOT NULL,
        payload TEXT NOT NULL, created_at INTEGER NOT NULL, sent_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0);
      INSERT INTO idempotency_keys VALUES ('k', 'h', 'pay_old', 'completed', NULL, 201, '{}', ${now}, ${now});
      INSERT INTO payments VALUES ('pay_old', 'k', 'cus', 100, 'EUR', 'a@example.com', NULL, '4242', 'ch', 'succeeded',
        NULL, '2030-01-01T00:00:00.000Z');
      INSERT INTO outbox (event_id, payment_id, topic, message_key, headers, payload, created_at, sent_at)
        VALUES ('ev_old', 'pay_old', 't', 'pay_old', '{}', '{}', ${now}, ${now + 5});`);
    old.close();
    store = open();
    expect(store.getPayment('pay_old')).toMatchObject({ eventId: 'ev_old', publishedAt: now + 5 });
    now += DAY;
    expect(store.prune()).toEqual({ idempotencyKeys: 1, outbox: 1 });
    await pay('k', 'pay_new');
    expect(store.rowCounts()).toEqual({ idempotencyKeys: 1, payments: 2, outbox: 1 });
  });
});

describe('a database holding plain SHA-256 fingerprints', () => {
  it('erases them at open, from the rows and the file bytes, and still replays their keys', async () => {
    await pay('k', 'pay_1');
    store.close();
    const plain = createHash('sha256').update('{"cardNumber":"4242424242424242"}').digest('hex');
    const db = new Database(join(dir, 'payments.sqlite'));
    db.prepare("UPDATE idempotency_keys SET request_hash = ? WHERE key = 'k'").run(plain);
    db.close();
    const bytes = () =>
      readdirSync(dir)
        .map((f) => readFileSync(join(dir, f)).toString('latin1'))
        .join('');
    expect(bytes()).toContain(plain);
    store = open();
    expect(bytes()).not.toContain(plain);
    expect(await store.claim('k', 'anything', 'pay_x', 30_000)).toEqual({
      kind: 'replay',
      response: { status: 201, body: '{"p":"pay_1"}' },
    });
  });
});
