// Searching a topic for one value: the console's browse scan as it ships (read, decoded and filtered in the
// engine worker; value substring, and a JSON-path equality) against the peer `kcat -C -e | grep` on the same
// topic, same machine, same run.
//
//   npm run bench -- search
//   BENCH_SEARCH_MESSAGES=1000000 npm run bench -- search
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { browseInput } from '../shared/browse';
import { createKafkajsRecords } from '../main/core/kafka/kafkajsRecords';
import { ScanManager } from '../main/core/browse/scanManager';
import { workerScanRunner } from '../main/core/browse/scanLoop';
import { createRecordDecoder } from '../main/core/schemas/recordDecoder';
import { engineWorkerEntry } from '../main/core/workers/engineWorkerEntry';
import { createWorkerPool } from '../main/core/workers/workerPool';
import { fmt, markdownTable } from './lib/table';
import { benchBroker, log, machineNote, peakRssMiB, timeShell, writeResult } from './lib/supportBench';

const env = z
  .object({
    BENCH_SEARCH_MESSAGES: z.coerce.number().int().positive().default(300_000),
    BENCH_SEARCH_PARTITIONS: z.coerce.number().int().positive().default(6),
  })
  .parse(process.env);

const n = env.BENCH_SEARCH_MESSAGES;
const { bootstrap, stop } = await benchBroker();
const rows: (string | number)[][] = [];
try {
  const topic = `bench-search-${Date.now().toString(36)}`;
  const records = createKafkajsRecords({ brokers: [bootstrap] });
  await records.ensureTopic(topic, { partitions: env.BENCH_SEARCH_PARTITIONS });
  const needleAt = Math.floor(n * 0.73);
  const file = join(mkdtempSync(join(tmpdir(), 'bench-search-')), 'messages.txt');
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const customer = i === needleAt ? 'c-needle-42' : `c-${i % 50_000}`;
    lines.push(
      `pay-${i}\t${JSON.stringify({ paymentId: `pay-${i}`, customerId: customer, amountMinor: 1000 + (i % 9000), currency: 'EUR', cardLast4: '4242', chargeId: `ch_${i.toString(36)}` })}`,
    );
  }
  writeFileSync(file, lines.join('\n') + '\n');
  log(`producing ${n} messages with kcat`);
  await timeShell(`kcat -P -b ${bootstrap} -t ${topic} -K '\t' -X partitioner=murmur2_random -l ${file}`);

  const pool = createWorkerPool(engineWorkerEntry);
  const scans = new ScanManager(
    records,
    Date.now,
    createRecordDecoder(null),
    workerScanRunner({ pool, connection: async () => ({ bootstrap: [bootstrap] }) }, async () => null),
  );
  const run = async (label: string, filter: object) => {
    const t0 = performance.now();
    const { scanId } = await scans.start(browseInput.parse({ topic, seek: { mode: 'oldest' }, filter }));
    const done = await scans.wait(scanId);
    const ms = performance.now() - t0;
    rows.push([
      label,
      done.scanned.toLocaleString('en'),
      done.matched,
      `${fmt(ms / 1000, 2)} s`,
      `${fmt(done.scanned / (ms / 1000) / 1000, 0)}k/s`,
    ]);
    return ms;
  };
  // Warm-up: the first read also pays for connecting the admin client and loading codecs.
  await run('console: warm-up (value substring)', { value: 'c-needle-42' });
  rows.length = 0;
  const substringMs = await run('console: value substring', { value: 'c-needle-42' });
  const jsonMs = await run('console: JSON path $.customerId = "c-needle-42"', {
    value: 'needle',
    jsonPath: '$.customerId = "c-needle-42"',
  });
  const jsonOnlyMs = await run('console: JSON path only (parses every value)', {
    jsonPath: '$.customerId = "c-needle-42"',
  });
  const peer = await timeShell(`kcat -C -b ${bootstrap} -t ${topic} -e -q | grep -c c-needle-42`);
  rows.push([
    'peer: kcat -C -e \\| grep -c',
    n.toLocaleString('en'),
    Number(peer.stdout.trim()),
    `${fmt(peer.ms / 1000, 2)} s`,
    `${fmt(n / (peer.ms / 1000) / 1000, 0)}k/s`,
  ]);
  rows.push(['ratio console substring / kcat', '', '', `${fmt(substringMs / peer.ms, 2)}x`, 'target ≤ 0.6x']);
  rows.push([
    'ratio console JSON path / kcat',
    '',
    '',
    `${fmt(jsonMs / peer.ms, 2)}x (parse-all ${fmt(jsonOnlyMs / peer.ms, 2)}x)`,
    '',
  ]);
  await pool.close();
  await records.close();
} finally {
  await stop();
}
writeResult(
  'search',
  `## Searching a ${n.toLocaleString('en')}-message topic for one value (${new Date().toISOString()})\n\n` +
    markdownTable(['what', 'scanned', 'matched', 'time', 'rate'], rows) +
    `\n\nResident memory after the scans: ${fmt(process.memoryUsage().rss / 1048576, 0)} MiB; peak of the bench process ${fmt(peakRssMiB(), 0)} MiB, most of it the generated input file held in memory (matches kept are capped at 500; a scan's memory does not grow with the topic). ${machineNote()}`,
);
