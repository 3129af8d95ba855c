// The Dead letters page against the fake transport: the DLQ list, a topic's error groups, and the notice
// about consumer groups the map does not know.
import { describe, expect, it } from 'vitest';
import type { DlqGroupsResult, DlqTopicSummary } from '../../../../shared/dlq';
import { fakeTransport } from '../../test/fakeTransport';
import { unmappedGroup, unmappedGroups } from '../../test/pipelineFixtures';
import { renderSettled } from '../../test/renderSettled';
import { DeadLettersPage } from './DeadLettersPage';

const receiptsDlq = 'payments.succeeded.receipts.dlq';

const topics: DlqTopicSummary[] = [
  {
    topic: receiptsDlq,
    stage: 'receipts',
    detectedBy: 'map',
    partitions: 3,
    messages: '1234',
    formats: ['eventdesk'],
    exists: true,
  },
  {
    topic: 'legacy.orders.DLT',
    detectedBy: 'headers',
    partitions: 1,
    messages: '0',
    formats: ['spring-dlt'],
    exists: true,
  },
];

const groups: DlqGroupsResult = {
  topic: receiptsDlq,
  scanned: 4,
  partial: false,
  groups: [
    {
      fingerprint: 'f1',
      exceptionClass: 'eventdesk.receipts.SmtpUnavailable',
      sampleMessage: 'SMTP 421 for pay-77',
      count: 4,
      firstSeen: 1_700_000_000_000,
      lastSeen: 1_700_000_060_000,
      formats: ['eventdesk'],
      headersProblem: false,
      samplePaymentIds: ['pay-77'],
    },
  ],
};

describe('DeadLettersPage', () => {
  it("shows the DLQs, the chosen topic's error groups and a notice about groups the map does not know", async () => {
    const transport = fakeTransport({
      'dlq.list': async () => topics,
      'dlq.groups': async ({ topic }) => ({ ...groups, topic }),
      'pipeline.unmappedGroups': async () => unmappedGroups(unmappedGroup('loyalty')),
    });
    const { html, text } = await renderSettled(<DeadLettersPage topic={receiptsDlq} />, transport);

    expect(html).toContain(`data-testid="dlq-topic" data-topic="${receiptsDlq}"`);
    expect(html).toContain('data-testid="dlq-topic" data-topic="legacy.orders.DLT"');
    expect(text).toContain('1,234');
    expect(text).toContain(`Errors in ${receiptsDlq} 4 record(s) read`);
    expect(html).toContain('data-testid="error-group" data-fingerprint="f1"');
    expect(text).toContain('SmtpUnavailable');

    expect(text).toContain(
      '1 consumer group reads payments.succeeded but is not in the pipeline map — Review',
    );
    expect(html).toMatch(/<a href="#\/map" data-testid="unmapped-review">Review<\/a>/);
    expect(transport.calls.map((c) => c.channel).sort()).toEqual([
      'dlq.groups',
      'dlq.list',
      'pipeline.unmappedGroups',
    ]);
  });

  it('says so in the plural, and says nothing when the map knows every group', async () => {
    const two = fakeTransport({
      'dlq.list': async () => topics,
      'pipeline.unmappedGroups': async () => unmappedGroups(unmappedGroup('loyalty'), unmappedGroup('audit')),
    });
    expect((await renderSettled(<DeadLettersPage />, two)).text).toContain(
      '2 consumer groups read payments.succeeded but are not in the pipeline map — Review',
    );

    const none = fakeTransport({
      'dlq.list': async () => topics,
      'pipeline.unmappedGroups': async () => unmappedGroups(),
    });
    expect((await renderSettled(<DeadLettersPage />, none)).html).not.toContain('unmapped-notice');
  });

  it('shows a failed DLQ list as an error a person can act on', async () => {
    const transport = fakeTransport({
      'pipeline.unmappedGroups': async () => unmappedGroups(),
      'dlq.list': () =>
        Promise.reject(Object.assign(new Error('Cannot reach k:9092'), { code: 'unreachable' })),
    });
    const { html, text } = await renderSettled(<DeadLettersPage />, transport);
    expect(html).toContain('data-code="unreachable"');
    expect(text).toContain('Cannot reach k:9092');
  });
});
