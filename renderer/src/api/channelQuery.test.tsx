// The generic hooks: an answer is cached under [channel, input], and a mutation makes exactly the channels it
// names stale. Pages are rendered to static HTML against the fake transport (no DOM needed).
import { MutationObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { DlqGroupsResult } from '../../../shared/dlq';
import { failure, fakeTransport } from '../test/fakeTransport';
import { renderSettled } from '../test/renderSettled';
import { channelKey, channelMutationOptions, channelQueryOptions, useChannelQuery } from './channelQuery';
import { createQueryClient } from './queryClient';

const groupsOf = (topic: string): DlqGroupsResult => ({ topic, scanned: 3, partial: false, groups: [] });

function DlqScanned({ topic }: { topic: string }) {
  const groups = useChannelQuery('dlq.groups', { topic });
  if (groups.error) return <p data-code={groups.error.code}>{groups.error.message}</p>;
  return <p>{groups.data ? `${groups.data.topic}: ${groups.data.scanned} read` : 'loading'}</p>;
}

describe('useChannelQuery', () => {
  it('caches the answer under [channel, input] and types it by the channel', async () => {
    const transport = fakeTransport({ 'dlq.groups': async ({ topic }) => groupsOf(topic) });
    const { text, client } = await renderSettled(<DlqScanned topic="orders.dlq" />, transport);
    expect(text).toBe('orders.dlq: 3 read');
    expect(channelKey('dlq.groups', { topic: 'orders.dlq' })).toEqual([
      'dlq.groups',
      { topic: 'orders.dlq' },
    ]);
    expect(client.getQueryData(channelKey('dlq.groups', { topic: 'orders.dlq' }))).toEqual(
      groupsOf('orders.dlq'),
    );
    expect(transport.calls).toEqual([{ channel: 'dlq.groups', input: { topic: 'orders.dlq' } }]);
  });

  it('keeps answers to different inputs of one channel apart', async () => {
    const transport = fakeTransport({ 'dlq.groups': async ({ topic }) => groupsOf(topic) });
    const client = createQueryClient();
    await client.fetchQuery(channelQueryOptions(transport, 'dlq.groups', { topic: 'a.dlq' }));
    await client.fetchQuery(channelQueryOptions(transport, 'dlq.groups', { topic: 'b.dlq' }));
    expect(client.getQueryData(channelKey('dlq.groups', { topic: 'a.dlq' }))?.topic).toBe('a.dlq');
    expect(client.getQueryData(channelKey('dlq.groups', { topic: 'b.dlq' }))?.topic).toBe('b.dlq');
  });

  it('shows a channel the fake does not serve as an internal error naming the channel', async () => {
    const { html } = await renderSettled(<DlqScanned topic="orders.dlq" />, fakeTransport({}));
    expect(html).toContain('data-code="internal"');
    expect(html).toContain('no handler for &quot;dlq.groups&quot;');
  });
});

describe('fakeTransport', () => {
  it('returns a thrown failure with a code as that failure, reason included', async () => {
    const transport = fakeTransport({
      'redelivery.start': () => {
        throw failure({ code: 'refused', reason: 'stage-unhealthy', message: 'receipts has no members' });
      },
    });
    const result = await transport.invoke('redelivery.start', {
      dlqTopic: 'payments.succeeded.receipts.dlq',
      selection: { kind: 'all' },
      why: 'provider is back',
      ratePerSecond: 10,
      overrideHealth: false,
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'refused', reason: 'stage-unhealthy', message: 'receipts has no members' },
    });
  });

  it('refuses input the contract does not accept, as the real backends do', async () => {
    const transport = fakeTransport({ 'dlq.groups': async ({ topic }) => groupsOf(topic) });
    const result = await transport.invoke('dlq.groups', { topic: 42 } as never);
    expect(result.ok ? null : result.error.code).toBe('invalid_input');
  });
});

describe('useChannelMutation', () => {
  it('invalidates the channels it names, for every input, and nothing else', async () => {
    const transport = fakeTransport({
      'redelivery.cancel': async ({ jobId }) => ({ jobId }) as never,
      'redelivery.list': async () => [],
      'dlq.groups': async ({ topic }) => groupsOf(topic),
    });
    const client = createQueryClient();
    await client.fetchQuery(channelQueryOptions(transport, 'redelivery.list', {}));
    await client.fetchQuery(channelQueryOptions(transport, 'dlq.groups', { topic: 'a.dlq' }));
    const cancel = new MutationObserver(
      client,
      channelMutationOptions(transport, client, 'redelivery.cancel', { invalidates: ['redelivery.list'] }),
    );
    await cancel.mutate({ jobId: 'job-1' });
    const stale = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;
    expect(stale(channelKey('redelivery.list', {}))).toBe(true);
    expect(stale(channelKey('dlq.groups', { topic: 'a.dlq' }))).toBe(false);
  });
});
