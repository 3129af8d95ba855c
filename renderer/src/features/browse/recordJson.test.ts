import { describe, expect, it } from 'vitest';
import { viewRecord } from '../../../../shared/recordView';
import { formatHexDump, recordAsJson } from './recordJson';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('copy as JSON', () => {
  it('keeps JSON values as JSON and binary values as hex with the reason', () => {
    const json = viewRecord({
      topic: 't',
      partition: 1,
      offset: '9007199254740993',
      timestamp: 0,
      key: bytes('pay-1'),
      value: bytes('{"amount": 12}'),
      headers: [{ key: 'kafka_dlt-original-partition', value: new Uint8Array([0, 0, 0, 2]) }],
    });
    const parsed = JSON.parse(recordAsJson(json)) as Record<string, unknown>;
    expect(parsed.offset).toBe('9007199254740993');
    expect(parsed.key).toBe('pay-1');
    expect(parsed.value).toEqual({ amount: 12 });
    expect(parsed.headers).toEqual([{ key: 'kafka_dlt-original-partition', value: '2' }]);

    const binary = viewRecord({
      topic: 't',
      partition: 0,
      offset: '1',
      timestamp: 0,
      key: null,
      value: new Uint8Array([0x41, 0xff, 0x00]),
      headers: [{ key: 'trace', value: new Uint8Array([0x07, 0x61]) }],
    });
    const copied = JSON.parse(recordAsJson(binary)) as {
      key: unknown;
      value: { hex: string; reason: string };
      headers: unknown[];
    };
    expect(copied.key).toBeNull();
    expect(copied.value.hex).toBe('41ff00');
    expect(copied.value.reason).toBe('invalid UTF-8 at byte 1');
    expect(copied.headers).toEqual([{ key: 'trace', hex: '0761', reason: 'control byte at 0' }]);
  });
});

describe('hex dump', () => {
  it('prints 16 bytes a line with the offset', () => {
    expect(formatHexDump('00'.repeat(17))).toBe(`00000000  ${Array(16).fill('00').join(' ')}\n00000010  00`);
    expect(formatHexDump('')).toBe('');
  });
});
