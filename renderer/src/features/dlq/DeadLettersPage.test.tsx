// The Dead letters page against the fake transport: the DLQ list, a topic's error groups, and the notice
// about consumer groups the map does not know.
import { describe, expect, it } from 'vitest';
import type { DlqGroupsResult, DlqRecordSummary, DlqTopicSummary } from '../../../../shared/dlq';
import { failure, fakeTransport } from '../../test/fakeTransport';
import { unmappedGroup, unmappedGroups } from '../../test/pipelineFixtures';
import { renderSettled } from '../../test/renderSettled';
import { DeadLettersPage } from './DeadLettersPage';
import { GroupRecords } from './GroupRecords';

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
    outstanding: '1200',
    handled: '34',
  },
  {
    topic: 'legacy.orders.DLT',
    detectedBy: 'headers',
    partitions: 1,
    messages: '0',
    formats: ['spring-dlt'],
    exists: true,
    outstanding: '0',
    handled: '0',
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
      outstanding: 3,
      handled: 1,
      loopGuarded: 0,
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
      'worklist.list': async ({ keys }) => ({
        items: (keys ?? [])
          .filter((k) => k === `error-group/${receiptsDlq}/f1`)
          .map((key) => ({
            key,
            subject: { kind: 'error-group' as const, dlqTopic: receiptsDlq, fingerprint: 'f1' },
            version: '3',
            assignee: 'ana',
            state: 'snoozed' as const,
            snoozedUntil: 1_700_000_900_000,
            resolution: null,
            notes: [],
            history: [],
            updatedAt: 1_700_000_100_000,
          })),
        assignees: ['ana'],
        you: 'ben',
      }),
    });
    const { html, text } = await renderSettled(<DeadLettersPage topic={receiptsDlq} />, transport);
    // Who handles the group, from the team's worklist.
    expect(text).toContain('ana · snoozed');

    expect(html).toContain(`data-testid="dlq-topic" data-topic="${receiptsDlq}"`);
    expect(html).toContain('data-testid="dlq-topic" data-topic="legacy.orders.DLT"');
    expect(text).toContain('1,234');
    expect(text).toContain(`Errors in ${receiptsDlq} 4 record(s) read`);
    expect(html).toContain('data-testid="error-group" data-fingerprint="f1"');
    expect(text).toContain('SmtpUnavailable');
    // Outstanding / handled per topic and per group; the group button acts on the outstanding ones.
    expect(html).toMatch(/data-col="outstanding"><strong>1,200<\/strong>/);
    expect(html).toMatch(/data-col="handled">34</);
    expect(text).toContain('3 / 1');
    expect(html).toMatch(
      /title="Redelivers the 3 outstanding records; 1 handled and 0 loop-guarded are skipped"/,
    );
    expect(html).not.toMatch(/disabled="" title="[^"]*" data-testid="redeliver-group"/);

    expect(text).toContain(
      '1 consumer group reads payments.succeeded but is not in the pipeline map — Review',
    );
    expect(html).toMatch(/<a href="#\/map" data-testid="unmapped-review">Review<\/a>/);
    // Permissions, the connection's profile and the map decide whether Redeliver is on (access/WriteBlocked.tsx).
    expect([...new Set(transport.calls.map((c) => c.channel))].sort()).toEqual([
      'access.permissions',
      'cluster.status',
      'dlq.groups',
      'dlq.list',
      'pipeline.map',
      'pipeline.unmappedGroups',
      'worklist.list',
    ]);
    expect(transport.calls.find((c) => c.channel === 'worklist.list')?.input).toEqual({
      keys: [`error-group/${receiptsDlq}/f1`],
    });
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
      'dlq.list': () => Promise.reject(failure({ code: 'unreachable', message: 'Cannot reach k:9092' })),
    });
    const { html, text } = await renderSettled(<DeadLettersPage />, transport);
    expect(html).toContain('data-code="unreachable"');
    expect(text).toContain('Cannot reach k:9092');
  });

  it('turns Redeliver group off once nothing of the group is outstanding, and says why', async () => {
    const handledGroup = { ...groups.groups[0]!, outstanding: 0, handled: 4 };
    const transport = fakeTransport({
      'dlq.list': async () => topics,
      'dlq.groups': async ({ topic }) => ({ ...groups, topic, groups: [handledGroup] }),
      'pipeline.unmappedGroups': async () => unmappedGroups(),
    });
    const { html, text } = await renderSettled(<DeadLettersPage topic={receiptsDlq} />, transport);
    expect(text).toContain('0 / 4');
    expect(html).toContain(
      'disabled="" title="Nothing outstanding: every record of this group was redelivered" data-testid="redeliver-group"',
    );
  });
});

const record = (offset: string, extra: Partial<DlqRecordSummary>): DlqRecordSummary => ({
  topic: receiptsDlq,
  partition: 0,
  offset,
  timestamp: 1_700_000_000_000,
  paymentId: `pay-${offset}`,
  ceId: null,
  format: 'eventdesk',
  fingerprint: 'f1',
  exceptionClass: 'SmtpError',
  message: 'refused',
  originalTopic: null,
  originalPartition: null,
  originalOffset: null,
  consumerGroup: null,
  attempts: 3,
  redeliveryCount: 0,
  problems: [],
  ...extra,
});

describe('GroupRecords', () => {
  it("asks for outstanding records by default and shows each record's status with its detail", async () => {
    const ledger = { at: 1_700_000_100_000, who: 'ana', jobId: 'j1', targetTopic: 'r' };
    const transport = fakeTransport({
      'dlq.records': async () => ({
        topic: receiptsDlq,
        scanned: 9,
        truncated: false,
        handledHidden: 5,
        records: [
          record('1', { status: 'outstanding' }),
          record('2', { status: 'loop-guard', redeliveryCount: 3 }),
          record('3', {
            status: 'failed-again',
            ledger: { ...ledger, result: 'redelivered' },
            failedAgain: {
              partition: 0,
              offset: '8',
              timestamp: 1_700_000_200_000,
              exceptionClass: 'SmtpError',
              message: '452 mailbox full',
            },
          }),
        ],
      }),
    });
    const group = { ...groups.groups[0]!, count: 8, outstanding: 2, handled: 6, loopGuarded: 1 };
    const { html, text } = await renderSettled(
      <GroupRecords
        topic={receiptsDlq}
        group={group}
        onRedeliver={() => undefined}
        inspected={record('2', {})}
        onInspect={() => undefined}
      />,
      transport,
    );
    expect(transport.calls.find((c) => c.channel === 'dlq.records')?.input).toMatchObject({
      show: 'outstanding',
      fingerprint: 'f1',
    });
    expect(text).toContain('Outstanding (2)');
    expect(text).toContain('All (8)');
    expect(html).toContain('data-status="loop-guard"');
    expect(text).toContain('skipped by the loop guard redelivered 3 times');
    expect(text).toContain('failed again SmtpError: 452 mailbox full (offset 8');
    expect(text).toContain('5 handled records not shown.');
    // The record open in the side panel is the highlighted row, and only that one.
    expect(html.match(/aria-selected="true"/g)).toHaveLength(1);
    expect(html).toMatch(
      /data-payment-id="pay-2" data-status="loop-guard" aria-selected="true" class="clickable-row is-selected"/,
    );
    // Where and when also sit under the id, for a narrow list that hides their columns.
    expect(html).toContain('<small class="muted record-where">p0 @2 ·');
    expect(html).toContain('data-testid="side-panel"');
  });
});
