import { describe, expect, it } from 'vitest';
import type { ScanProgress } from '../../../../shared/browse';
import {
  boundsText,
  checkBrowseForm,
  emptyBrowseForm,
  jsonPathProblem,
  raisedBounds,
  skippedText,
} from './browseForm';

describe('browse form', () => {
  it('builds a scan request, keeping offsets as strings', () => {
    const check = checkBrowseForm({
      ...emptyBrowseForm,
      topic: 'payments',
      partition: '2',
      seek: 'offset',
      offset: '9007199254740993',
      key: ' pay-1 ',
    });
    expect(check).toEqual({
      ok: true,
      input: {
        topic: 'payments',
        partition: 2,
        seek: { mode: 'offset', offset: '9007199254740993' },
        filter: { key: 'pay-1' },
        maxResults: 2000,
      },
    });
  });

  it('asks for aborted transactions only when the box is ticked', () => {
    const ticked = checkBrowseForm({ ...emptyBrowseForm, topic: 't', includeAborted: true });
    expect(ticked.ok && ticked.input.includeAborted).toBe(true);
    const plain = checkBrowseForm({ ...emptyBrowseForm, topic: 't' });
    expect(plain.ok && 'includeAborted' in plain.input).toBe(false);
  });

  it('says what the offsets without a committed record were', () => {
    expect(skippedText({ markers: 3, aborted: 2 })).toBe('3 transaction markers, 2 aborted');
    expect(skippedText({ markers: 1, aborted: 0 })).toBe('1 transaction marker');
    expect(skippedText({ markers: 0, aborted: 1200 })).toBe('1,200 aborted');
  });

  it('names each bad field', () => {
    const check = checkBrowseForm({
      ...emptyBrowseForm,
      topic: 'bad topic',
      partition: '-1',
      seek: 'offset',
      offset: '12a',
      jsonPath: '$.customerId = c-42',
    });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors.topic).toMatch(/letters, digits/);
    expect(check.errors.partition).toMatch(/whole number/);
    expect(check.errors.offset).toMatch(/whole number/);
    expect(check.errors.jsonPath).toMatch(/^JSON path at position 16: expected a value/);
  });

  it('asks for a topic, a count and a time', () => {
    const none = checkBrowseForm({ ...emptyBrowseForm, newestCount: '0' });
    expect(none.ok || none.errors).toMatchObject({
      topic: 'Choose a topic to browse.',
      newestCount: expect.stringMatching(/1 to 1,000,000/),
    });
    const time = checkBrowseForm({ ...emptyBrowseForm, topic: 't', seek: 'timestamp', timestamp: '' });
    expect(time.ok || time.errors.timestamp).toBe('Pick a date and time to start from.');
  });

  it('accepts a good JSON path and says nothing about an empty one', () => {
    expect(jsonPathProblem('$.customerId = "c-42"')).toBeNull();
    expect(jsonPathProblem('   ')).toBeNull();
    expect(jsonPathProblem('customerId = 1')).toMatch(/expected "\$"/);
  });

  it('sends a typed bound, refuses a bad one, and leaves the default to the console', () => {
    const typed = checkBrowseForm({ ...emptyBrowseForm, topic: 't', maxScan: '2,000,000' });
    expect(typed.ok && typed.input.maxScan).toBe(2_000_000);
    const none = checkBrowseForm({ ...emptyBrowseForm, topic: 't' });
    expect(none.ok && 'maxScan' in none.input).toBe(false);
    for (const bad of ['0', '-5', 'lots', '2000000000'])
      expect(checkBrowseForm({ ...emptyBrowseForm, topic: 't', maxScan: bad })).toMatchObject({
        ok: false,
        errors: { maxScan: expect.stringContaining('1 to 1,000,000,000') },
      });
  });

  it('raises the bound that stopped a scan tenfold, as far as the console allows', () => {
    const progress = (over: Partial<ScanProgress>) =>
      ({ limits: { maxScan: 5_000_000, maxBytes: 2 * 1024 ** 3 }, ...over }) as ScanProgress;
    const form = { ...emptyBrowseForm, topic: 't' };
    expect(raisedBounds(form, progress({ stoppedBy: 'maxScan' }))?.maxScan).toBe('50000000');
    expect(raisedBounds(form, progress({ stoppedBy: 'maxBytes' }))?.maxBytes).toBe(String(20 * 1024 ** 3));
    expect(
      raisedBounds(form, progress({ stoppedBy: 'maxScan', limits: { maxScan: 1e9, maxBytes: 1 } })),
    ).toBeNull();
    expect(raisedBounds(form, progress({}))).toBeNull();
    const raised = raisedBounds(form, progress({ stoppedBy: 'maxBytes' }))!;
    expect(checkBrowseForm(raised)).toMatchObject({ ok: true, input: { maxBytes: 20 * 1024 ** 3 } });
    expect(boundsText({ maxScan: 5_000_000, maxBytes: 2 * 1024 ** 3 })).toBe('5,000,000 records or 2.0 GiB');
  });
});
