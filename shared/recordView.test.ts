import { describe, expect, it } from 'vitest';
import { decodeUtf8, unprintableReason, viewBytes, viewHeader, viewRecord } from './recordView';

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...b: number[]) => new Uint8Array(b);

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

  it('shows valid UTF-8 that is not printable as hex, naming the control bytes', () => {
    const controls = new Uint8Array([1, 2, 3, 4, 5, 6, 7, ...utf8('abc')]);
    expect(viewBytes(controls)).toEqual({
      kind: 'binary',
      hex: '01020304050607616263',
      reason: 'control bytes at 0–6',
      size: 10,
      truncated: false,
    });
    expect(viewBytes(utf8('status: ok\x07 done'))).toMatchObject({
      kind: 'binary',
      reason: 'control byte at 10',
    });
    expect(viewBytes(utf8('abc\x7fdef'))).toMatchObject({ kind: 'binary', reason: 'control byte at 3' });
    expect(viewBytes(bytes(0))).toMatchObject({ kind: 'binary', hex: '00', reason: 'control byte at 0' });
  });

  it('refuses C1 controls (U+0080–U+009F), which are valid UTF-8 but not text', () => {
    // "ab" NEL "c": U+0085 is C2 85 in UTF-8.
    expect(viewBytes(bytes(0x61, 0x62, 0xc2, 0x85, 0x63))).toMatchObject({
      kind: 'binary',
      hex: '6162c28563',
      reason: 'control character U+0085 at bytes 2–3',
    });
    expect(viewBytes(utf8('x\u0080\u009fy'))).toMatchObject({ reason: 'control characters at bytes 1–4' });
    // U+00A0 (C2 A0) is the first code point after the C1 block: text.
    expect(viewBytes(utf8('a\u00a0b'))).toMatchObject({ kind: 'text', text: 'a\u00a0b' });
  });

  it('keeps tabs, newlines and carriage returns as text, and multi-byte text as text', () => {
    expect(viewBytes(utf8('a\tb\r\nc\n'))).toMatchObject({ kind: 'text', text: 'a\tb\r\nc\n' });
    expect(viewBytes(utf8('Zahlung über 12 € 👩‍💻'))).toMatchObject({ kind: 'text' });
    expect(viewBytes(utf8('{\n\t"a": 1\r\n}'))).toMatchObject({ kind: 'json', text: '{\n  "a": 1\n}' });
  });

  it('shows a Confluent-framed Avro value as hex: magic byte and schema id are control bytes', () => {
    // Magic 0, schema id 1 (4 bytes big-endian), then Avro: a string of length 3 (zigzag 6) "pay", a long 21.
    const framed = bytes(0x00, 0x00, 0x00, 0x00, 0x01, 0x06, 0x70, 0x61, 0x79, 0x2a);
    expect(viewBytes(framed)).toMatchObject({
      kind: 'binary',
      hex: '0000000001067061792a',
      reason: 'control bytes at 0–5',
    });
    // With a schema id that has a high byte, UTF-8 breaks too; both are named, in byte order.
    expect(viewBytes(bytes(0x00, 0x00, 0x00, 0x01, 0x90, 0x06, 0x70))).toMatchObject({
      reason: 'control bytes at 0–3; invalid UTF-8 at byte 4',
    });
  });

  it('checks JSON for printability too: raw DEL or C1 inside a JSON string is legal JSON, not readable text', () => {
    expect(viewBytes(utf8('{"a":"x\x7f"}'))).toMatchObject({ kind: 'binary', reason: 'control byte at 7' });
    expect(viewBytes(utf8('["\u0085"]'))).toMatchObject({
      kind: 'binary',
      reason: 'control character U+0085 at bytes 2–3',
    });
  });

  it('refuses U+FFFD in the bytes (an earlier decoder lost data) and keeps a leading BOM', () => {
    expect(viewBytes(utf8('caf\ufffd'))).toMatchObject({
      kind: 'binary',
      hex: '636166efbfbd',
      reason: 'replacement character U+FFFD at bytes 3–5',
    });
    expect(viewBytes(utf8('\ufeffhello'))).toMatchObject({ kind: 'text', text: '\ufeffhello' });
    expect(viewBytes(utf8('\ufeff{"a":1}'))).toMatchObject({ kind: 'json', text: '{\n  "a": 1\n}' });
  });

  it('names the exact byte where UTF-8 breaks: overlong forms, surrogates, beyond U+10FFFF, cut sequences', () => {
    expect(unprintableReason(bytes(0x61, 0xc0, 0xaf))).toBe('invalid UTF-8 at byte 1'); // overlong "/"
    expect(unprintableReason(bytes(0x61, 0x62, 0xe0, 0x80, 0xaf))).toBe('invalid UTF-8 at byte 2');
    expect(unprintableReason(bytes(0x61, 0xed, 0xa0, 0x80))).toBe('invalid UTF-8 at byte 1'); // lone surrogate
    expect(unprintableReason(bytes(0xf4, 0x90, 0x80, 0x80))).toBe('invalid UTF-8 at byte 0');
    expect(unprintableReason(bytes(0x61, 0x62, 0x63, 0xf0, 0x9f))).toBe('invalid UTF-8 at byte 3');
    expect(unprintableReason(utf8('plain 𝄞 text'))).toBeNull();
  });

  it('judges a truncated value by the shown bytes only', () => {
    // The control byte lies past the cut: the shown prefix is text.
    expect(viewBytes(utf8('abcd\x01'), 4)).toMatchObject({ kind: 'text', text: 'abcd', truncated: true });
    const cut = viewBytes(utf8('\x01bcd'.repeat(3)), 6);
    expect(cut).toMatchObject({
      kind: 'binary',
      hex: '016263640162',
      reason: 'control byte at 0',
      truncated: true,
    });
    // A complete two-byte character right at the cut stays; a split one is dropped.
    expect(viewBytes(utf8('abé€'), 4)).toMatchObject({ text: 'abé' });
    expect(viewBytes(utf8('abcé'), 4)).toMatchObject({ text: 'abc' });
  });

  it('shows headers the same way: unprintable UTF-8 is hex with the reason', () => {
    expect(viewHeader('trace', bytes(0x01, 0x02, 0x61))).toEqual({
      key: 'trace',
      kind: 'binary',
      text: '010261',
      hex: '010261',
      reason: 'control bytes at 0–1',
      size: 3,
    });
    expect(viewHeader('note', utf8('a\u0085'))).toMatchObject({
      kind: 'binary',
      reason: 'control character U+0085 at bytes 1–2',
    });
    expect(viewHeader('blob', bytes(0xff))).toMatchObject({ reason: 'invalid UTF-8 at byte 0' });
    expect(viewHeader('ce_source', utf8('a\tb'))).toMatchObject({ kind: 'text', text: 'a\tb' });
  });

  it('says which format decoded a header as an int, and does not claim one for a wrong width', () => {
    expect(viewHeader('kafka_dlt-original-partition', bytes(0, 0, 0, 3))).toMatchObject({
      kind: 'int32',
      format: 'Spring dead-letter',
    });
    expect(viewHeader('kafka_original-offset', bytes(0, 0, 0, 0, 0, 0, 1, 0))).toMatchObject({
      kind: 'int64',
      text: '256',
      format: 'Spring retry-topic',
    });
    // Three bytes are not Spring's int32: control bytes, shown as such.
    expect(viewHeader('kafka_dlt-original-partition', bytes(0, 0, 3))).toMatchObject({
      kind: 'binary',
      reason: 'control bytes at 0–2',
    });
    expect(viewHeader('kafka_dlt-original-partition', bytes(0, 0, 3)).format).toBeUndefined();
  });

  it('keeps a tombstone (null value) and a null key apart from empty bytes', () => {
    const view = viewRecord({
      topic: 't',
      partition: 0,
      offset: '7',
      timestamp: 0,
      key: null,
      value: null,
      headers: [{ key: 'h', value: null }],
    });
    expect(view.key).toEqual({ kind: 'null', size: 0, truncated: false });
    expect(view.value).toEqual({ kind: 'null', size: 0, truncated: false });
    expect(view.headers[0]).toMatchObject({ kind: 'null' });
    expect(viewBytes(new Uint8Array(0))).toMatchObject({ kind: 'empty', text: '' });
  });
});
