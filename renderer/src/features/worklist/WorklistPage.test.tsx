// The Worklist page and the worklist panel against the fake transport.
import { describe, expect, it } from 'vitest';
import type { WorklistItem, WorklistList } from '../../../../shared/worklist';
import { fakeTransport } from '../../test/fakeTransport';
import { renderSettled } from '../../test/renderSettled';
import { WorklistControls } from './WorklistControls';
import { WorklistPage } from './WorklistPage';

const item: WorklistItem = {
  key: 'error-group/payments.succeeded.receipts.dlq/f1',
  subject: {
    kind: 'error-group',
    dlqTopic: 'payments.succeeded.receipts.dlq',
    fingerprint: 'f1',
    label: 'SMTP 421 service not available',
  },
  version: '4',
  assignee: 'ben',
  state: 'snoozed',
  snoozedUntil: Date.UTC(2026, 11, 2, 15, 0),
  resolution: null,
  notes: [{ who: 'ana', at: Date.UTC(2026, 11, 2, 13, 0), text: 'provider says 30 min' }],
  history: [{ who: 'ben', at: Date.UTC(2026, 11, 2, 12, 0), action: { type: 'assign', assignee: 'ben' } }],
  updatedAt: Date.UTC(2026, 11, 2, 13, 0),
};

const list: WorklistList = { items: [item], assignees: ['ben'], you: 'ana' };

describe('the worklist', () => {
  it('lists each item with its assignee, state and latest note, linked to its dead letters', async () => {
    const transport = fakeTransport({ 'worklist.list': async () => list });
    const { html, text } = await renderSettled(<WorklistPage />, transport);
    expect(text).toContain('1 item(s)');
    expect(text).toContain('SMTP 421 service not available in payments.succeeded.receipts.dlq');
    expect(text).toContain('snoozed until');
    expect(text).toContain('ana: provider says 30 min');
    expect(html).toContain('href="#/dlq/payments.succeeded.receipts.dlq"');
    // The person at the console is offered in the filter even before anything is assigned to them.
    expect(text).toContain('ana (you)');
    expect(transport.calls[0]).toEqual({ channel: 'worklist.list', input: { state: 'open' } });
  });

  it('the panel of an item asks only for that item and offers to take it over', async () => {
    const transport = fakeTransport({ 'worklist.list': async () => list });
    const { text } = await renderSettled(<WorklistControls subject={item.subject} />, transport);
    expect(transport.calls[0]).toEqual({ channel: 'worklist.list', input: { keys: [item.key] } });
    expect(text).toContain('Assigned to ben');
    expect(text).toContain('Assign to me');
    expect(text).toContain('ben took it');
  });

  it('an item nobody touched yet reads as unassigned and open', async () => {
    const transport = fakeTransport({ 'worklist.list': async () => ({ ...list, items: [] }) });
    const { text } = await renderSettled(
      <WorklistControls subject={{ kind: 'payment', paymentId: 'pay-9' }} />,
      transport,
    );
    expect(text).toContain('Unassigned open');
    expect(text).not.toContain('Reopen');
  });
});
