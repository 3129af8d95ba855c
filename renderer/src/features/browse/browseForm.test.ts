import { describe, expect, it } from 'vitest';
import { checkBrowseForm, emptyBrowseForm, jsonPathProblem, skippedText } from './browseForm';

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
});
