// The Pipeline map page against the fake transport: the map's stages, and the consumer groups of the source
// topic that the map does not know, each with the stage it would become.
import { describe, expect, it } from 'vitest';
import { fakeTransport } from '../../test/fakeTransport';
import { mapView, unmappedGroup, unmappedGroups } from '../../test/pipelineFixtures';
import { renderSettled, textOf } from '../../test/renderSettled';
import { PipelineMapPage } from './PipelineMapPage';

/** The text of every element carrying this test id, in order. */
function byTestId(html: string, testId: string): string[] {
  const pattern = new RegExp(`<(\\w+)[^>]*data-testid="${testId}"[^>]*>(.*?)</\\1>`, 'g');
  return [...html.matchAll(pattern)].map((m) => textOf(m[2] ?? ''));
}

describe('PipelineMapPage', () => {
  it('lists the groups the map does not know, with their suggested stage and which topics exist', async () => {
    const loyalty = unmappedGroup('loyalty', (stage) => [stage.dlqTopic, stage.retryTopics[0]!]);
    const audit = unmappedGroup('Audit.Trail');
    const transport = fakeTransport({
      'pipeline.map': async () => mapView(),
      'pipeline.unmappedGroups': async () => unmappedGroups(loyalty, audit),
    });
    const { html, text } = await renderSettled(<PipelineMapPage />, transport);

    expect(html).toContain('data-testid="unmapped-groups"');
    expect(text).toContain('Consumer groups reading payments.succeeded that the map does not know');
    expect(byTestId(html, 'unmapped-group-id')).toEqual(['loyalty', 'Audit.Trail']);
    expect(byTestId(html, 'unmapped-stage')).toEqual(['loyalty', 'audit-trail']);
    expect(byTestId(html, 'unmapped-dlq')).toEqual([
      'payments.succeeded.loyalty.dlq',
      'payments.succeeded.audit-trail.dlq not created yet',
    ]);
    expect(byTestId(html, 'unmapped-redelivery')).toEqual([
      'payments.succeeded.loyalty.redelivery not created yet',
      'payments.succeeded.audit-trail.redelivery not created yet',
    ]);
    expect(byTestId(html, 'unmapped-existing')).toEqual(['2 of 5', 'none yet']);
    expect(byTestId(html, 'unmapped-add')).toEqual(['Add to map', 'Add to map']);
    expect(byTestId(html, 'unmapped-add-all')).toEqual(['Add all (2)']);
    // Names wrap only after their own separators, never inside a word; the whole name is in the title.
    expect(html).toContain('title="Audit.Trail"');
    expect(html).toContain('Audit.<wbr/>Trail');
    expect(html).not.toContain('class="mono ellipsis"');
  });

  it('shows nothing about unmapped groups when every group of the source topic is a stage', async () => {
    const transport = fakeTransport({
      'pipeline.map': async () => mapView(),
      'pipeline.unmappedGroups': async () => unmappedGroups(),
    });
    const { html } = await renderSettled(<PipelineMapPage />, transport);
    expect(html).toContain('data-testid="map-stages"');
    expect(html).not.toContain('unmapped');
  });

  it('offers no "Add all" for a single group', async () => {
    const transport = fakeTransport({
      'pipeline.map': async () => mapView(),
      'pipeline.unmappedGroups': async () => unmappedGroups(unmappedGroup('loyalty')),
    });
    const { html } = await renderSettled(<PipelineMapPage />, transport);
    expect(byTestId(html, 'unmapped-group-row')).toHaveLength(1);
    expect(html).not.toContain('unmapped-add-all');
  });
});
