// Every channel of the contract, driven against a real broker holding a person's email, phone, customer id
// and card number in every place a record can hold them: no output (success or error) may carry one of them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanProgress } from '../../../shared/browse';
import { channels, type Channel, type ChannelInput } from '../../../shared/contract';
import type { Result } from '../../../shared/failure';
import type { RedeliveryJobStatus } from '../../../shared/redelivery';
import { testBootstrap, uniqueName } from '../../../tools/test/kafka';
import { createConsoleBackend, type ConsoleBackend } from '../backend';
import { dispatch } from '../dispatch';
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import type { KafkaRecord, RecordPort } from '../kafka/recordPort';
import { createMapTopics, testPipelineMap } from '../test/testPipeline';
import { paymentId, person, personalNeedles, producePersonalRecords } from './test/personalRecords';

const map = testPipelineMap(uniqueName('masking'));
const foreignTopic = `${map.name}.foreign`;
const stage = map.stages[0]!;
const why = `customer ${person.email} asked again`;
const folder = mkdtempSync(join(tmpdir(), 'mask-channels-'));
const mapPath = join(folder, 'map.json');

let backend: ConsoleBackend;
let records: RecordPort;
const call = async <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<unknown>> =>
  dispatch(backend.handlers, channel, input);
const value = async <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<unknown> => {
  const result = await call(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
};

async function untilSettled<T>(read: () => Promise<T>, settled: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const v = await read();
    if (settled(v)) return v;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error('did not settle in 15 s');
}

async function readAll(topic: string): Promise<KafkaRecord[]> {
  const marks = await records.watermarks(topic);
  const out: KafkaRecord[] = [];
  await records.read(
    [{ topic, ranges: marks.map((m) => ({ partition: m.partition, from: m.low, to: m.high })) }],
    {
      onBatch: (b) => void out.push(...b),
    },
  );
  return out;
}

beforeAll(async () => {
  records = createKafkajsRecords({ brokers: [testBootstrap()] });
  await createMapTopics(records, map, 2);
  await producePersonalRecords(records, map, foreignTopic);
  writeFileSync(mapPath, JSON.stringify(map));
  backend = createConsoleBackend({
    pipelineMapPath: mapPath,
    who: 'support@eventdesk',
    redelivery: { health: { samples: 2, intervalMs: 200 }, confirm: { intervalMs: 300, timeoutMs: 1000 } },
  });
  await value('cluster.connect', { bootstrap: testBootstrap() });
});

afterAll(async () => {
  await backend?.dispose();
  await records?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('personal data in channel outputs', () => {
  it('no channel output carries an unmasked personal value; the redelivered record is the real one', async () => {
    const job = (await value('redelivery.start', {
      dlqTopic: stage.dlqTopic,
      selection: { kind: 'all' },
      why,
      overrideHealth: true,
      overrideReason: why,
      ratePerSecond: 100,
    })) as RedeliveryJobStatus;
    await untilSettled(
      async () => (await value('redelivery.status', { jobId: job.jobId })) as RedeliveryJobStatus,
      (s) => s.state !== 'running' && s.state !== 'confirming',
    );
    await value('privacy.reveal', {
      topic: foreignTopic,
      partition: 0,
      offset: '0',
      reason: `ticket from ${person.email}`,
    });
    const scans: Record<string, string> = {};
    for (const topic of [
      map.sourceTopic,
      stage.dlqTopic,
      stage.redeliveryTopic,
      foreignTopic,
      map.ledgerTopic,
    ]) {
      const started = (await value('records.browse', { topic, seek: { mode: 'oldest' } })) as {
        scanId: string;
      };
      await untilSettled(
        async () => (await value('records.scanProgress', { scanId: started.scanId })) as ScanProgress,
        (p) => p.state !== 'running',
      );
      scans[topic] = started.scanId;
    }

    // One entry per channel: the compiler refuses a channel without one, so a new channel is scanned too.
    const inputs: { [C in Channel]: ChannelInput<C>[] } = {
      'cluster.connect': [{ bootstrap: testBootstrap() }],
      'cluster.status': [{}],
      'cluster.overview': [{}],
      'access.profiles': [{}],
      // Writes that change what the console is connected to; the secured-broker tests drive them.
      'access.saveProfile': [],
      'access.deleteProfile': [],
      'access.connect': [],
      'access.testConnection': [{ profile: { name: 'plain', bootstrap: testBootstrap() } }],
      'access.identity': [{}],
      'access.permissions': [{}],
      'topics.list': [{}],
      'topics.describe': [{ topic: map.sourceTopic }, { topic: foreignTopic }],
      'groups.list': [{}],
      'groups.describe': [{ groupId: stage.consumerGroup }],
      'groups.health': [{}],
      'groups.healthHistory': [{ rangeMs: 3_600_000 }],
      'pipeline.map': [{}],
      'pipeline.validateMap': [{ text: JSON.stringify(map) }],
      'pipeline.saveMap': [{ text: JSON.stringify(map) }],
      'pipeline.unmappedGroups': [{}],
      'pipeline.addStages': [{ groupIds: [`${map.name}-nobody`] }],
      'payments.stuck': [{ from: Date.now() - 3_600_000, includeDone: true }],
      'payments.find': [{ paymentId }],
      'dlq.list': [{}],
      'dlq.groups': [{ topic: stage.dlqTopic }],
      'dlq.records': [{ topic: stage.dlqTopic }],
      'records.browse': [{ topic: foreignTopic, seek: { mode: 'oldest' } }],
      'records.scanProgress': Object.values(scans).map((scanId) => ({ scanId, after: 0 })),
      'records.scanCancel': Object.values(scans).map((scanId) => ({ scanId })),
      'records.get': [
        { topic: map.sourceTopic, partition: 0, offset: '0' },
        { topic: map.sourceTopic, partition: 1, offset: '0' },
        { topic: foreignTopic, partition: 0, offset: '0' },
        { topic: foreignTopic, partition: 0, offset: '1' },
      ],
      'redelivery.plan': [{ dlqTopic: stage.dlqTopic, selection: { kind: 'all' } }],
      'redelivery.gate': [{ dlqTopic: stage.dlqTopic }],
      'redelivery.start': [
        {
          dlqTopic: stage.dlqTopic,
          selection: { kind: 'all' },
          why,
          overrideHealth: true,
          overrideReason: why,
        },
      ],
      'redelivery.status': [{ jobId: job.jobId }],
      'redelivery.list': [{}],
      'redelivery.cancel': [{ jobId: job.jobId }],
      'redelivery.resume': [{ jobId: job.jobId }],
      'audit.list': [{}],
      'audit.export': [
        { format: 'csv' },
        { format: 'json' },
        { format: 'csv', of: 'reveals' },
        { format: 'json', of: 'reveals' },
      ],
      // Plain by design, and called above: its audit entry (reason included) is what audit.list shows.
      'privacy.reveal': [],
      'worklist.list': [{}],
      'worklist.update': [
        {
          subject: { kind: 'payment', paymentId },
          action: { type: 'note', text: `customer ${person.email} called about a card ${person.card}` },
          basedOn: null,
        },
      ],
      'settings.get': [{}],
      'settings.setStageThresholds': [{ stage: stage.name, deadLetters: 3, stuckSlaMinutes: 20 }],
      'settings.resetStageThresholds': [{ stage: stage.name }],
    };
    expect(Object.keys(inputs).sort()).toEqual([...channels].sort());

    const outputs: string[] = [];
    const leaks: string[] = [];
    for (const channel of channels) {
      for (const input of inputs[channel] as ChannelInput<typeof channel>[]) {
        const text = JSON.stringify(await call(channel, input));
        outputs.push(text);
        for (const needle of personalNeedles())
          if (text.includes(needle)) leaks.push(`${channel}: ${needle}`);
      }
    }
    expect(leaks).toEqual([]);

    // The scan saw the data (masked), so the absence above is not an empty page.
    const all = outputs.join('\n');
    for (const masked of [
      'j•••@example.com',
      '•••• 1111',
      String.raw`\"customerId\": \"c•••\"`,
      String.raw`\"phone\": \"•••21\"`,
    ])
      expect(all).toContain(masked);
    expect(all).toContain(`customer j•••@example.com asked again`);
    expect(all).toContain(`ticket from j•••@example.com`);

    // Masking is a view: the record redelivered to the stage is byte for byte the dead letter.
    const [redelivered] = await readAll(stage.redeliveryTopic);
    expect(new TextDecoder().decode(redelivered!.value!)).toContain(person.email);
    expect(new TextDecoder().decode(redelivered!.value!)).toContain(person.customerId);
  });
});
