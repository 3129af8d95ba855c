// The reveal in the renderer: masked values look masked, the reason is asked for (the contract refuses
// none), the countdown runs to the end main set, and the audit log is refreshed after a reveal.
import { MutationObserver } from '@tanstack/react-query';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AuditList } from '../../../../shared/audit';
import { REVEAL_DURATION_MS, type RevealedRecord } from '../../../../shared/privacy';
import type { RecordView } from '../../../../shared/recordView';
import { channelKey, channelMutationOptions, channelQueryOptions } from '../../api/channelQuery';
import { afterReveal } from '../../api/privacy';
import { createQueryClient } from '../../api/queryClient';
import { fakeTransport } from '../../test/fakeTransport';
import { renderSettled, textOf } from '../../test/renderSettled';
import { Inspector } from '../browse/Inspector';
import { RevealBar, type RevealPhase } from './RevealControl';
import { RevealLog } from './RevealLog';
import { formatCountdown, revealRemainingMs } from './revealClock';

const masked: RecordView = {
  topic: 'payments.succeeded',
  partition: 0,
  offset: '7',
  timestamp: 1_700_000_000_000,
  key: { kind: 'text', text: 'pay-1', size: 5, truncated: false },
  value: {
    kind: 'json',
    text: '{\n  "email": "j•••@example.com"\n}',
    size: 30,
    truncated: false,
    masked: true,
  },
  headers: [{ key: 'email', kind: 'text', text: 'j•••@example.com', hex: '6a', size: 16, masked: true }],
  sizeBytes: 60,
  maskedValues: 2,
};

const bar = (state: RevealPhase) =>
  renderToStaticMarkup(
    <RevealBar
      maskedValues={2}
      state={state}
      onAsk={() => {}}
      onReason={() => {}}
      onSubmit={() => {}}
      onCancel={() => {}}
      onHide={() => {}}
    />,
  );

describe('reveal countdown', () => {
  it('counts minutes and seconds down to the end main set, and never below zero', () => {
    expect(formatCountdown(REVEAL_DURATION_MS)).toBe('5:00');
    expect(formatCountdown(245_000)).toBe('4:05');
    expect(formatCountdown(1)).toBe('0:01');
    expect(revealRemainingMs({ at: 0, expiresAt: 10_000 }, 4_000)).toBe(6_000);
    expect(revealRemainingMs({ at: 0, expiresAt: 10_000 }, 12_000)).toBe(0);
    // The page's clock ticked last before the reveal: it still shows at most the reveal's length.
    expect(revealRemainingMs({ at: 5_000, expiresAt: 10_000 }, 4_000)).toBe(5_000);
  });
});

describe('RevealBar', () => {
  it('says what is masked and offers Reveal; asks for the reason with the refusal; counts down once revealed', () => {
    const idle = bar({ phase: 'masked' });
    expect(textOf(idle)).toContain('masked 2 personal values masked');
    expect(idle).toContain('data-testid="reveal"');

    const asking = bar({ phase: 'asking', reason: '', busy: false, problem: 'Say why you need to see this' });
    expect(asking).toContain('data-testid="reveal-reason"');
    expect(textOf(asking)).toContain('Why do you need to see this personal data? (goes into the audit log)');
    expect(asking).toContain('aria-invalid="true"');
    expect(textOf(asking)).toContain('Say why you need to see this');

    const on = bar({ phase: 'revealed', reason: 'ticket 4711', remainingMs: 245_000 });
    expect(textOf(on)).toContain('personal data shown Masked again in 4:05. Audited: “ticket 4711”.');
    expect(on).toContain('data-testid="reveal-hide"');
  });
});

describe('Inspector with masked values', () => {
  it('marks masked values and shows the reveal bar; a record with nothing masked has neither', async () => {
    const transport = fakeTransport({});
    const { html } = await renderSettled(<Inspector record={masked} />, transport);
    expect(html).toContain('data-testid="inspector-value-masked"');
    expect(html).toContain('data-testid="inspector-header-masked"');
    expect(html).toContain('data-phase="masked"');

    const plain: RecordView = { ...masked, value: { ...masked.value, masked: false }, headers: [] };
    delete plain.maskedValues;
    const rendered = await renderSettled(<Inspector record={plain} />, transport);
    expect(rendered.html).not.toContain('reveal-bar');
    expect(rendered.html).not.toContain('masked-mark');
  });
});

describe('privacy.reveal from the renderer', () => {
  it('is refused without a reason before it reaches main, and refreshes the audit log after a reveal', async () => {
    const revealed: RevealedRecord = {
      record: {
        ...masked,
        value: { kind: 'json', text: '{"email":"jane@example.com"}', size: 28, truncated: false },
      },
      audit: {
        revealId: 'r1',
        who: 'agent',
        at: 1,
        reason: 'ticket 4711',
        record: { topic: masked.topic, partition: 0, offset: '7' },
        expiresAt: 1 + REVEAL_DURATION_MS,
      },
    };
    const reasons: string[] = [];
    const emptyAudit: AuditList = {
      entries: [],
      total: 0,
      truncated: false,
      reveals: [],
      gateEvents: [],
      refusals: [],
    };
    const transport = fakeTransport({
      'privacy.reveal': async ({ reason }) => {
        reasons.push(reason);
        return revealed;
      },
      'audit.list': async () => emptyAudit,
    });
    const client = createQueryClient();
    await client.fetchQuery(channelQueryOptions(transport, 'audit.list', {}));
    const reveal = new MutationObserver(
      client,
      channelMutationOptions(transport, client, 'privacy.reveal', afterReveal),
    );
    const at = { topic: masked.topic, partition: 0, offset: '7' };

    await expect(reveal.mutate({ ...at, reason: '   ' })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(reasons).toEqual([]);
    expect(client.getQueryState(channelKey('audit.list', {}))?.isInvalidated).toBe(false);

    await expect(reveal.mutate({ ...at, reason: 'ticket 4711' })).resolves.toEqual(revealed);
    expect(reasons).toEqual(['ticket 4711']);
    expect(client.getQueryState(channelKey('audit.list', {}))?.isInvalidated).toBe(true);
  });
});

describe('RevealLog', () => {
  it('lists who revealed which record, when and why', () => {
    const html = renderToStaticMarkup(
      <RevealLog
        onExport={undefined}
        reveals={[
          {
            revealId: 'r1',
            who: 'agent.smith',
            at: 1_700_000_000_000,
            reason: 'ticket 4711',
            record: { topic: 'payments.succeeded', partition: 2, offset: '42' },
            expiresAt: 1_700_000_300_000,
          },
        ]}
      />,
    );
    expect(textOf(html)).toContain('Reads of personal data (1)');
    expect(textOf(html)).toContain('agent.smith payments.succeeded p2 @42 ticket 4711');
    expect(html).not.toContain('export-reveals');
    expect(textOf(renderToStaticMarkup(<RevealLog reveals={[]} onExport={() => {}} />))).toContain(
      'Nobody revealed',
    );
  });
});
