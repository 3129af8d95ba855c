import { describe, expect, it } from 'vitest';
import { decodeUtf8, viewBytes, viewHeader, viewRecord } from './recordView';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('record view', () => {
  it('pretty-prints JSON, keeps text as text, shows binary as hex with the reason', () => {
    expect(viewBytes(utf8('{"a":1}'))).toMatchObject({ kind: 'json', text: '{\n  "a": 1\n}' });
    expect(viewBytes(utf8('{not json'))).toMatchObject({ kind: 'text', text: '{not json' });
    expect(viewBytes(new Uint8Array([0x61, 0xc3, 0x28]))).toMatchObject({
      kind: 'binary',
      hex: '61c328',
      reason: 'invalid UTF-8 at byte 1',
    });
    expect(viewBytes(null)).toMatchObject({ kind: 'null' });
    expect(decodeUtf8(new Uint8Array([0xe2, 0x82]))).toEqual({
      ok: false,
      reason: 'invalid UTF-8 at byte 0',
    });
  });

  it('truncates without splitting a multi-byte character or inventing U+FFFD', () => {
    const v = viewBytes(utf8('ab€€'), 4); // € is 3 bytes: the cut falls inside the first one
    expect(v).toMatchObject({ kind: 'text', text: 'ab', truncated: true, size: 8 });
    expect(v.text).not.toContain('\uFFFD');
  });

  it('decodes Spring binary headers by name and falls back to text, then hex', () => {
    expect(viewHeader('kafka_dlt-original-partition', new Uint8Array([0, 0, 0, 3]))).toMatchObject({
      kind: 'int32',
      text: '3',
    });
    expect(
      viewHeader('kafka_dlt-original-offset', new Uint8Array([0, 0x20, 0, 0, 0, 0, 0, 1])),
    ).toMatchObject({ kind: 'int64', text: '9007199254740993' });
    expect(viewHeader('retry_topic-backoff-timestamp', new Uint8Array([0x01, 0x8f]))).toMatchObject({
      kind: 'biginteger',
      text: '399',
    });
    expect(viewHeader('ce_id', utf8('abc'))).toMatchObject({ kind: 'text', text: 'abc' });
    expect(viewHeader('blob', new Uint8Array([0xff]))).toMatchObject({ kind: 'binary', text: 'ff' });
  });

  it('builds a whole record view with its size and offset as text', () => {
    const view = viewRecord({
      topic: 't',
      partition: 2,
      offset: '9007199254740993',
      timestamp: 5,
      key: utf8('k'),
      value: utf8('v'),
      headers: [{ key: 'h', value: utf8('x') }],
    });
    expect(view).toMatchObject({
      offset: '9007199254740993',
      sizeBytes: 4,
      key: { kind: 'text', text: 'k' },
    });
  });
});
