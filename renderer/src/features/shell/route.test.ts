import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from './route';

describe('hash routes', () => {
  it('reads every page', () => {
    expect(parseRoute('')).toEqual({ page: 'home' });
    expect(parseRoute('#/')).toEqual({ page: 'home' });
    expect(parseRoute('#/cluster')).toEqual({ page: 'cluster' });
    // The cluster facts' old address.
    expect(parseRoute('#/overview')).toEqual({ page: 'cluster' });
    expect(parseRoute('#/topics')).toEqual({ page: 'topics' });
    expect(parseRoute('#/groups')).toEqual({ page: 'groups' });
    expect(parseRoute('#/connect')).toEqual({ page: 'connect' });
    expect(parseRoute('#/nonsense')).toEqual({ page: 'home' });
  });

  it('round-trips group ids with slashes, spaces and percent signs', () => {
    for (const groupId of ['receipts', 'team/a b', '100%', 'ümlaut.group']) {
      const route: Route = { page: 'group', groupId };
      expect(parseRoute(routeHref(route))).toEqual(route);
    }
  });

  it('round-trips topic names', () => {
    for (const topic of ['payments.succeeded', 'a/b', '__consumer_offsets']) {
      const route: Route = { page: 'topic', topic };
      expect(parseRoute(routeHref(route))).toEqual(route);
    }
  });

  it('falls back to the list on a broken escape', () => {
    expect(parseRoute('#/groups/%E0%A4%A')).toEqual({ page: 'groups' });
  });
});

describe('payment, dead-letter, browse, job, audit and map routes', () => {
  it('reads each page with and without its subject', () => {
    expect(parseRoute('#/payments')).toEqual({ page: 'payments' });
    expect(parseRoute('#/dlq')).toEqual({ page: 'dlq' });
    expect(parseRoute('#/browse')).toEqual({ page: 'browse' });
    expect(parseRoute('#/jobs')).toEqual({ page: 'jobs' });
    expect(parseRoute('#/audit')).toEqual({ page: 'audit' });
    expect(parseRoute('#/map')).toEqual({ page: 'map' });
    expect(parseRoute('#/settings')).toEqual({ page: 'settings' });
    expect(routeHref({ page: 'settings' })).toBe('#/settings');
  });

  it('round-trips payment ids and topic names', () => {
    const routes: Route[] = [
      { page: 'payments', paymentId: 'pay/1 2%' },
      { page: 'payments', paymentId: 'pay?stage=x' },
      { page: 'payments', stage: 'receipts' },
      { page: 'payments', stage: 'a&b c' },
      { page: 'home' },
      { page: 'dlq', topic: 'payments.succeeded.receipts.dlq' },
      { page: 'browse', topic: 'a/b' },
    ];
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
  });
});
