// Grouping a dead-letter topic whose one record carries a 1 MB exception message, shaped the ways that make
// backtracking patterns slow (long runs of "@", ".", digits, spaces), against the same topic shape with a
// 100-byte message (the peer), same broker, same run. Target: within 2x. Median of 15 groupings each.
//
//   npm run bench -- dlqGrouping
import { groupDlqErrors } from '../main/core/dlq/dlqTriage';
import { createKafkajsRecords } from '../main/core/kafka/kafkajsRecords';
import { fmt, markdownTable, median } from './lib/table';
import { benchBroker, log, machineNote, prefixedDefaultMap, writeResult } from './lib/supportBench';

const ROUNDS = 15;
const MESSAGE_BYTES = 1_000_000;
const exceptionClass = 'org.springframework.kafka.listener.ListenerExecutionFailedException';
const shapes: [string, string][] = [
  [
    '100-byte message (peer)',
    'card declined for pay_7f3a9c (code 51) at 10.0.0.7:8443; retry later'.padEnd(100, '.'),
  ],
  ['1 MB: "a@" repeated', 'a@'.repeat(MESSAGE_BYTES / 2)],
  ['1 MB: dots', `x${'.'.repeat(MESSAGE_BYTES - 2)}x`],
  ['1 MB: digits', '7'.repeat(MESSAGE_BYTES)],
  ['1 MB: spaces', `a${' '.repeat(MESSAGE_BYTES - 2)}b`],
];

const utf8 = (s: string) => new TextEncoder().encode(s);

const { bootstrap, stop } = await benchBroker();
const rows: (string | number)[][] = [];
try {
  const records = createKafkajsRecords({ brokers: [bootstrap] });
  const map = prefixedDefaultMap(`bench-dlq-${Date.now().toString(36)}`);
  const medians: number[] = [];
  for (const [i, [label, message]] of shapes.entries()) {
    const dlq = `${map.stages[0]!.dlqTopic}.${i}`;
    await records.ensureTopic(dlq, { partitions: 1 });
    await records.produce([
      {
        topic: dlq,
        partition: 0,
        key: `pay-${i}`,
        value: '{}',
        headers: [
          { key: 'kafka_dlt-original-topic', value: utf8(map.sourceTopic) },
          { key: 'kafka_dlt-exception-fqcn', value: utf8(exceptionClass) },
          { key: 'kafka_dlt-exception-message', value: utf8(message) },
        ],
      },
    ]);
    await groupDlqErrors({ records, map }, dlq); // warm-up: connection, metadata
    const times: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const started = performance.now();
      const result = await groupDlqErrors({ records, map }, dlq);
      times.push(performance.now() - started);
      if (result.groups.length !== 1) throw new Error(`${label}: ${result.groups.length} groups, expected 1`);
    }
    medians.push(median(times));
    log(`${label}: median ${fmt(median(times), 1)} ms`);
    rows.push([
      label,
      `${fmt(median(times), 1)} ms`,
      `${fmt(Math.min(...times), 1)}–${fmt(Math.max(...times), 1)} ms`,
      i === 0 ? '1.00x' : `${fmt(median(times) / medians[0]!, 2)}x`,
    ]);
  }
  await records.close();
} finally {
  await stop();
}
writeResult(
  'dlqGrouping',
  `## Grouping a DLQ with one hostile 1 MB exception message (${new Date().toISOString()})\n\n` +
    markdownTable(['record', 'grouping (median of 15)', 'range', 'vs the 100-byte one (target ≤ 2x)'], rows) +
    `\n\nEach topic holds one dead letter; the time is the console's grouping call (read, decode headers, fingerprint the first 4 KiB of the message, group) in-process. ${machineNote()}`,
);
