// The browse batch filter: decoding only where it is needed.
import { describe, expect, it } from 'vitest';
import type { KafkaRecord } from '../kafka/recordPort';
import type { RecordDecoder } from '../schemas/recordDecoder';
import { filterBatch } from './batchFilter';
import { compileRecordFilter } from './recordFilter';

const fetchBuffer = new TextEncoder().encode('xxxxKEY1VALUE-ONExxxxKEY2{"a":2}HDRxxxxxxxxxxxxxxxx');
const view = (from: number, length: number) => fetchBuffer.subarray(from, from + length);
const batch: KafkaRecord[] = [
  {
    topic: 't',
    partition: 0,
    offset: '7',
    timestamp: 1,
    key: view(4, 4),
    value: view(8, 9),
    headers: [{ key: 'h', value: null }],
  },
  {
    topic: 't',
    partition: 0,
    offset: '8',
    timestamp: 2,
    key: view(21, 4),
    value: view(25, 7),
    headers: [{ key: 'trace', value: view(32, 3) }],
    aborted: true,
  },
  { topic: 't', partition: 0, offset: '9', timestamp: 3, key: null, value: null, headers: [] },
];

describe('browse batch filter', () => {
  it('decodes every record for a content filter, and only the kept matches otherwise', async () => {
    const asked: number[] = [];
    const decoder: RecordDecoder = {
      decodeBatch: async (records) => {
        asked.push(records.length);
        return records.map(() => ({}));
      },
    };
    const byValue = { value: '"a":2' };
    const content = await filterBatch(batch, compileRecordFilter(byValue), byValue, 10, decoder);
    expect(content.matched).toBe(1);
    expect(content.views.map((v) => v.offset)).toEqual(['8']);
    expect(asked).toEqual([3]);

    asked.length = 0;
    const all = await filterBatch(batch, compileRecordFilter({}), {}, 2, decoder);
    expect(all.matched).toBe(3);
    expect(all.views.map((v) => v.offset)).toEqual(['7', '8']);
    expect(all.views[1]!.aborted).toBe(true);
    expect(asked).toEqual([2]);
  });
});
