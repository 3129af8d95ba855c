// Adding groups to the map: the saved map is the answer, and every view computed with the old map is stale.
import { MutationObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { fakeTransport } from '../test/fakeTransport';
import { mapView, unmappedGroup, unmappedGroups } from '../test/pipelineFixtures';
import { channelKey, channelMutationOptions, channelQueryOptions } from './channelQuery';
import { afterMapChange } from './pipeline';
import { createQueryClient } from './queryClient';

describe('pipeline.addStages', () => {
  it('puts the new map in the cache and makes the unmapped groups, stuck payments and DLQs stale', async () => {
    const before = mapView();
    const after = mapView();
    after.map.stages.push(unmappedGroup('loyalty').suggestion);
    const added: string[][] = [];
    const transport = fakeTransport({
      'pipeline.map': async () => before,
      'pipeline.unmappedGroups': async () => unmappedGroups(unmappedGroup('loyalty')),
      'pipeline.addStages': async ({ groupIds }) => {
        added.push(groupIds);
        return after;
      },
      'dlq.list': async () => [],
      'payments.stuck': async () => ({
        from: 0,
        to: 0,
        events: 0,
        stuck: 0,
        counts: {},
        rows: [],
        matched: 0,
        truncated: false,
        elapsedMs: 1,
      }),
    });
    const client = createQueryClient();
    await client.fetchQuery(channelQueryOptions(transport, 'pipeline.map', {}));
    await client.fetchQuery(channelQueryOptions(transport, 'pipeline.unmappedGroups', {}));
    await client.fetchQuery(channelQueryOptions(transport, 'dlq.list', {}));
    await client.fetchQuery(channelQueryOptions(transport, 'payments.stuck', { from: 0 }));

    const add = new MutationObserver(
      client,
      channelMutationOptions(transport, client, 'pipeline.addStages', afterMapChange),
    );
    await add.mutate({ groupIds: ['loyalty'] });

    expect(added).toEqual([['loyalty']]);
    expect(client.getQueryData(channelKey('pipeline.map', {}))).toEqual(after);
    const stale = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;
    expect(stale(channelKey('pipeline.map', {}))).toBe(false);
    expect(stale(channelKey('pipeline.unmappedGroups', {}))).toBe(true);
    expect(stale(channelKey('dlq.list', {}))).toBe(true);
    expect(stale(channelKey('payments.stuck', { from: 0 }))).toBe(true);
  });
});
