// Stage logic against the sandbox providers (real SMTP on loopback, real HTTP), no Kafka involved.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentSuccess } from '../../shared/events';
import { startSmsProvider, type SmsProvider } from '../sandbox/smsProvider';
import { startSmtpSink, type SmtpSink } from '../sandbox/smtpSink';
import { cashbackFor } from './cashback';
import { evaluateFraudRules } from './fraud';
import { closeStageHandlers, createStageHandlers, StageError, type StageDeps } from './index';
import { classifySmtpError } from './receipts';

const payment = (id: string, overrides: Partial<PaymentSuccess> = {}): PaymentSuccess => ({
  paymentId: id,
  customerId: 'cust-1',
  amountMinor: 12_345,
  currency: 'EUR',
  email: 'ada@example.com',
  phone: '+15550001',
  cardLast4: '4242',
  chargeId: `ch_${id}`,
  createdAt: new Date().toISOString(),
  ...overrides,
});
const meta = (id: string) => ({ ceId: `ce-${id}`, correlationId: `corr-${id}` });

let sink: SmtpSink;
let sms: SmsProvider;
let deps: StageDeps;
let dataDir: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  sms = await startSmsProvider();
  dataDir = mkdtempSync(join(tmpdir(), 'eventdesk-stages-'));
  deps = {
    smtp: { host: sink.host, port: sink.port },
    smsUrl: sms.url,
    dataDir,
    receipts: { timeoutMs: 1000 },
  };
});
afterAll(async () => {
  await closeStageHandlers(deps);
  await sink.stop();
  await sms.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('receipts', () => {
  it('sends one email with the payment id header, and not again for the same payment', async () => {
    const handlers = createStageHandlers(deps);
    const first = await handlers.receipts(payment('p1'), meta('p1'));
    const second = await handlers.receipts(payment('p1'), meta('p1'));
    expect(first?.alreadyDone).toBeFalsy();
    expect(second?.alreadyDone).toBe(true);
    const mails = sink.mailbox().received.filter((m) => m.paymentId === 'p1');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual(['ada@example.com']);
    expect(mails[0]?.subject).toContain('p1');
    expect(mails[0]?.ceId).toBe('ce-p1');
  });

  it('fails fast and transient when the SMTP server is down, permanent on 5xx', async () => {
    const handlers = createStageHandlers(deps);
    await sink.setMode({ mode: 'down' });
    const started = Date.now();
    const down = await handlers.receipts(payment('p2'), meta('p2')).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(down).toBeInstanceOf(StageError);
    expect((down as StageError).failureClass).toBe('transient');
    await sink.setMode({ mode: 'failing', code: 550 });
    const rejected = await handlers.receipts(payment('p3'), meta('p3')).catch((e: unknown) => e);
    expect((rejected as StageError).failureClass).toBe('permanent');
    await sink.setMode({ mode: 'failing', code: 451 });
    const deferred = await handlers.receipts(payment('p4'), meta('p4')).catch((e: unknown) => e);
    expect((deferred as StageError).failureClass).toBe('transient');
    await sink.setMode({ mode: 'normal' });
    await handlers.receipts(payment('p2'), meta('p2'));
    expect(sink.mailbox().received.filter((m) => m.paymentId === 'p2')).toHaveLength(1);
  });

  it('classifies a timeout as transient', () => {
    const err = classifySmtpError(Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' }));
    expect(err.failureClass).toBe('transient');
    expect(err.errorName).toBe('eventdesk.receipts.SmtpTimeout');
  });
});

describe('cashback', () => {
  it('credits exactly once per payment', async () => {
    const handlers = createStageHandlers(deps);
    const first = await handlers.cashback(payment('c1'), meta('c1'));
    const again = await handlers.cashback(payment('c1'), { ceId: 'another-ce-id', correlationId: 'x' });
    expect(first?.outcome).toMatchObject({ creditMinor: cashbackFor(12_345) });
    expect(again?.alreadyDone).toBe(true);
  });
});

describe('fraud', () => {
  it('flags large amounts and velocity, and a replay reaches the same verdict', async () => {
    const rules = { amountThresholdMinor: 100_000, velocityMaxPayments: 2, velocityWindowMs: 60_000 };
    expect(evaluateFraudRules(100_000, 1, rules).verdict).toBe('review');
    expect(evaluateFraudRules(99_999, 2, rules).verdict).toBe('approve');
    const handlers = createStageHandlers({ ...deps, fraud: rules });
    const at = Date.now();
    const verdicts = [];
    for (let i = 0; i < 3; i++) {
      const p = payment(`f${i}`, { customerId: 'fast', createdAt: new Date(at + i).toISOString() });
      verdicts.push((await handlers.fraud(p, meta(p.paymentId)))?.outcome?.verdict);
    }
    expect(verdicts).toEqual(['approve', 'approve', 'review']);
    const replay = await handlers.fraud(
      payment('f0', { customerId: 'fast', createdAt: new Date(at).toISOString() }),
      meta('f0'),
    );
    expect(replay?.outcome?.verdict).toBe('approve');
  });
});

describe('notifications and analytics', () => {
  it('posts one SMS with an idempotency key, and classifies provider failures', async () => {
    const handlers = createStageHandlers(deps);
    await handlers.notifications(payment('n1'), meta('n1'));
    await handlers.notifications(payment('n1'), meta('n1'));
    expect(sms.received().filter((m) => m.paymentId === 'n1')).toHaveLength(1);
    await sms.setMode({ mode: 'failing', code: 503 });
    const unavailable = await handlers.notifications(payment('n2'), meta('n2')).catch((e: unknown) => e);
    expect((unavailable as StageError).failureClass).toBe('transient');
    await sms.setMode({ mode: 'down' });
    const down = await handlers.notifications(payment('n2'), meta('n2')).catch((e: unknown) => e);
    expect((down as StageError).failureClass).toBe('transient');
    await sms.setMode({ mode: 'normal' });
    const analytics = await handlers.analytics(payment('a1'), meta('a1'));
    const analyticsAgain = await handlers.analytics(payment('a1'), meta('a1'));
    expect(analytics?.alreadyDone).toBe(false);
    expect(analyticsAgain?.alreadyDone).toBe(true);
  });
});
