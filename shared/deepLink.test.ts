import { describe, expect, it } from 'vitest';
import { deepLink, deepLinkHash, deepLinkInArgs } from './deepLink';

describe('app links', () => {
  it('turns each kind into the console route, ids with "/" and spaces included', () => {
    expect(deepLinkHash('eventdesk://payment/pay-1')).toBe('#/payments/pay-1');
    expect(deepLinkHash('eventdesk://dlq/payments.succeeded.receipts.dlq')).toBe(
      '#/dlq/payments.succeeded.receipts.dlq',
    );
    expect(deepLinkHash('eventdesk://group/receipts')).toBe('#/groups/receipts');
    expect(deepLinkHash('EVENTDESK://Topic/orders/')).toBe('#/topics/orders');
    expect(deepLinkHash(deepLink('payment', 'a/b c'))).toBe('#/payments/a%2Fb%20c');
    expect(deepLinkHash('eventdesk://payment/a/b')).toBe('#/payments/a%2Fb');
  });

  it('refuses anything else', () => {
    for (const bad of [
      'https://payment/pay-1',
      'eventdesk://payment/',
      'eventdesk://payment',
      'eventdesk://shell/rm',
      'eventdesk://payment/%E0%A4%A',
      'eventdesk://payment/%00',
      `eventdesk://payment/${'x'.repeat(3000)}`,
    ]) {
      expect(deepLinkHash(bad), bad).toBeNull();
    }
  });

  it('finds the link among the arguments a second instance was started with', () => {
    expect(deepLinkInArgs(['/opt/Eventdesk/eventdesk', '--flag', 'eventdesk://payment/p-9'])).toBe(
      'eventdesk://payment/p-9',
    );
    expect(deepLinkInArgs(['/opt/Eventdesk/eventdesk'])).toBeNull();
  });
});
