// Decoding Avro values from the Confluent wire format: the console's browse scan (schema from a real Apicurio
// Registry, every value decoded with avsc) against the peer `kcat -C -e` reading the same topic's raw bytes
// (Debian's kcat is built without Avro support, so the peer reads without decoding), same machine, same run.
//
//   npm run bench -- schemaDecode
//   BENCH_AVRO_MESSAGES=1000000 npm run bench -- schemaDecode
import avro from 'avsc';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { browseInput } from '../shared/browse';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ScanManager } from '../main/core/browse/scanManager';
import { workerScanRunner } from '../main/core/browse/scanLoop';
import { engineWorkerEntry } from '../main/core/workers/engineWorkerEntry';
import { createWorkerPool } from '../main/core/workers/workerPool';
import { createKafkajsRecords } from '../main/core/kafka/kafkajsRecords';
import { createRecordDecoder } from '../main/core/schemas/recordDecoder';
import { createSchemaRegistryClient } from '../shared/schemaRegistry';
import { startRegistry } from '../tools/registry/registry';
import { registerSchema } from '../tools/test/schemaRegistry';
import { fmt, markdownTable } from './lib/table';
import { benchBroker, log, machineNote, peakRssMiB, timeShell, writeResult } from './lib/supportBench';

const env = z
  .object({
    BENCH_AVRO_MESSAGES: z.coerce.number().int().positive().default(100_000),
    BENCH_AVRO_PARTITIONS: z.coerce.number().int().positive().default(6),
  })
  .parse(process.env);

const n = env.BENCH_AVRO_MESSAGES;
const schema = {
  type: 'record',
  name: 'Payment',
  fields: [
    { name: 'paymentId', type: 'string' },
    { name: 'customerId', type: 'string' },
    { name: 'amountMinor', type: 'long' },
    { name: 'currency', type: { type: 'enum', name: 'Currency', symbols: ['EUR', 'USD', 'GBP'] } },
    { name: 'cardLast4', type: 'string' },
    { name: 'chargeId', type: ['null', 'string'], default: null },
  ],
};
const keyDelimiter = '|key-ends|';
const recordDelimiter = '|record-ends|';

const { bootstrap, stop } = await benchBroker();
const registry = await startRegistry({ log });
const rows: (string | number)[][] = [];
try {
  const topic = `bench-avro-${Date.now().toString(36)}`;
  const id = await registerSchema(registry.url, `${topic}-value`, 'AVRO', JSON.stringify(schema));
  const type = avro.Type.forSchema(schema as avro.Schema);
  const header = Buffer.alloc(5);
  header.writeUInt32BE(id, 1);
  const parts: Buffer[] = [];
  const needleAt = Math.floor(n * 0.73);
  for (let i = 0; i < n; i++) {
    const value = type.toBuffer({
      paymentId: `pay-${i}`,
      customerId: i === needleAt ? 'c-needle-42' : `c-${i % 50_000}`,
      amountMinor: 1000 + (i % 9000),
      currency: ['EUR', 'USD', 'GBP'][i % 3],
      cardLast4: '4242',
      chargeId: `ch_${i.toString(36)}`,
    });
    parts.push(Buffer.from(`pay-${i}${keyDelimiter}`), header, value, Buffer.from(recordDelimiter));
  }
  const file = join(mkdtempSync(join(tmpdir(), 'bench-avro-')), 'messages.bin');
  writeFileSync(file, Buffer.concat(parts));
  const records = createKafkajsRecords({ brokers: [bootstrap] });
  await records.ensureTopic(topic, { partitions: env.BENCH_AVRO_PARTITIONS });
  log(`producing ${n} Avro records with kcat`);
  await timeShell(
    `kcat -P -b ${bootstrap} -t ${topic} -K '${keyDelimiter}' -D '${recordDelimiter}' -X partitioner=murmur2_random -l ${file}`,
  );

  // As the console runs it: the scan read, decoded and filtered in the engine worker.
  const pool = createWorkerPool(engineWorkerEntry);
  const scans = new ScanManager(
    records,
    Date.now,
    createRecordDecoder(createSchemaRegistryClient({ url: registry.url })),
    workerScanRunner({ pool, connection: async () => ({ bootstrap: [bootstrap] }) }, async () => ({
      url: registry.url,
    })),
  );
  const run = async (label: string, filter: object) => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const t0 = performance.now();
    const { scanId } = await scans.start(browseInput.parse({ topic, seek: { mode: 'oldest' }, filter }));
    const done = await scans.wait(scanId);
    const ms = performance.now() - t0;
    delay.disable();
    label = `${label} (main-loop delay max ${fmt(delay.max / 1e6, 0)} ms)`;
    if (done.results[0] && done.results[0].record.value.schema?.format !== 'avro')
      throw new Error(`the scan did not decode: ${JSON.stringify(done.results[0].record.value)}`);
    rows.push([
      label,
      done.scanned.toLocaleString('en'),
      done.matched.toLocaleString('en'),
      `${fmt(ms / 1000, 2)} s`,
      `${fmt(done.scanned / (ms / 1000) / 1000, 0)}k/s`,
    ]);
    return ms;
  };
  await run('console: warm-up (decode, value substring)', { value: 'c-needle-42' });
  rows.length = 0;
  const substringMs = await run('console: decode every value, substring on the decoded JSON', {
    value: '"customerId":"c-needle-42"',
  });
  const pathMs = await run('console: decode every value, JSON path $.customerId = "c-needle-42"', {
    jsonPath: '$.customerId = "c-needle-42"',
  });
  const peer = await timeShell(`kcat -C -b ${bootstrap} -t ${topic} -e -q -f '%s\\n' | wc -l`);
  rows.push([
    "peer: kcat -C -e -f '%s\\n' (raw bytes, no decoding) \\| wc -l",
    n.toLocaleString('en'),
    '',
    `${fmt(peer.ms / 1000, 2)} s`,
    `${fmt(n / (peer.ms / 1000) / 1000, 0)}k/s`,
  ]);
  rows.push(['ratio console substring / kcat', '', '', `${fmt(substringMs / peer.ms, 2)}x`, '']);
  rows.push(['ratio console JSON path / kcat', '', '', `${fmt(pathMs / peer.ms, 2)}x`, '']);
  await records.close();
  await pool.close();
  writeResult(
    'schemaDecode',
    [
      `## Decoding ${n.toLocaleString('en')} Avro records (Confluent wire format) in browse vs kcat (${new Date().toISOString()})`,
      '',
      markdownTable(['what', 'scanned', 'matched', 'time', 'rate'], rows),
      '',
      `Schema from Apicurio Registry ${registry.install.version} (fetched once, cached); ${env.BENCH_AVRO_PARTITIONS} partitions; decoding and filtering in the engine worker, the main loop's longest delay in each row. Peak resident memory of the bench process ${fmt(peakRssMiB(), 0)} MiB. ${machineNote()}`,
    ].join('\n'),
  );
} finally {
  await registry.stop();
  await stop();
}
