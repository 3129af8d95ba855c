import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import { runKcat } from '../test/kcat';
import { encodeInt32BE, encodeInt64BE } from '../../../shared/dlqHeaders';
import { createMapTopics, testPipelineMap } from '../test/testPipeline';
import { UNKNOWN_FINGERPRINT } from '../records/deadLetterRecord';
import { groupDlqErrors, listDlqRecords, listDlqTopics } from './dlqTriage';
import { testBootstrap, uniqueName } from '../../../tools/test/kafka';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('DLQ triage against a real broker', () => {
  const records = createKafkajsRecords({ brokers: [testBootstrap()] });
  const map = testPipelineMap(uniqueName('triage'));
  const dlq = map.stages[0]!.dlqTopic;
  const foreign = `${map.name}.orders.DLT`;
  const connectDlq = `${map.name}-connect-errors`;
  const plain = `${map.name}-plain`;

  beforeAll(async () => {
    await createMapTopics(records, map, 1);
    for (const t of [foreign, connectDlq, plain]) await records.ensureTopic(t, { partitions: 1 });
    const b = testBootstrap();
    // Spring DLT headers as kcat writes them: every value a string (so partition/offset are not Spring's ints).
    for (const id of ['pay-1001', 'pay-1002']) {
      await runKcat(
        [
          '-P',
          '-b',
          b,
          '-t',
          dlq,
          '-k',
          id,
          '-H',
          `kafka_dlt-original-topic=${map.sourceTopic}`,
          '-H',
          'kafka_dlt-exception-fqcn=org.eclipse.angus.mail.smtp.SMTPSendFailedException',
          '-H',
          `kafka_dlt-exception-message=554 5.7.1 rejected for ${id}`,
          '-H',
          `ce_id=ce-${id}`,
        ],
        '{"paymentId":"x"}\n',
      );
    }
    // Spring's real binary encodings, which kcat cannot write.
    await records.produce([
      {
        topic: dlq,
        partition: 0,
        key: 'pay-1003',
        value: '{}',
        headers: [
          { key: 'kafka_dlt-original-topic', value: utf8(map.sourceTopic) },
          { key: 'kafka_dlt-original-partition', value: encodeInt32BE(2) },
          { key: 'kafka_dlt-original-offset', value: encodeInt64BE(9_007_199_254_740_993n) },
          {
            key: 'kafka_dlt-exception-fqcn',
            value: utf8('org.eclipse.angus.mail.smtp.SMTPSendFailedException'),
          },
          { key: 'kafka_dlt-exception-message', value: utf8('554 5.7.1 rejected for pay-1003') },
        ],
      },
    ]);
    // Garbled (a 3-byte partition, invalid UTF-8 message) and headerless records.
    await records.produce([
      {
        topic: dlq,
        partition: 0,
        key: 'pay-1004',
        value: '{}',
        headers: [
          { key: 'kafka_dlt-original-partition', value: new Uint8Array([0, 0, 1]) },
          { key: 'kafka_dlt-exception-message', value: new Uint8Array([0xc3, 0x28]) },
        ],
      },
      { topic: dlq, partition: 0, key: 'pay-1005', value: '{}' },
    ]);
    await runKcat(
      [
        '-P',
        '-b',
        b,
        '-t',
        foreign,
        '-k',
        'order-9',
        '-H',
        'kafka_dlt-original-topic=orders',
        '-H',
        'kafka_dlt-exception-fqcn=java.lang.IllegalStateException',
        '-H',
        'kafka_dlt-exception-message=boom',
      ],
      'x\n',
    );
    await runKcat(
      [
        '-P',
        '-b',
        b,
        '-t',
        connectDlq,
        '-k',
        'row-1',
        '-H',
        '__connect.errors.topic=jdbc.orders',
        '-H',
        '__connect.errors.partition=4',
        '-H',
        '__connect.errors.offset=9007199254740993',
        '-H',
        '__connect.errors.connector.name=jdbc-sink',
        '-H',
        '__connect.errors.task.id=0',
        '-H',
        '__connect.errors.stage=VALUE_CONVERTER',
        '-H',
        '__connect.errors.exception.class.name=org.apache.kafka.connect.errors.DataException',
        '-H',
        '__connect.errors.exception.message=Converting byte[] to Kafka Connect data failed due to serialization error of topic jdbc.orders',
      ],
      'garbage\n',
    );
    await runKcat(['-P', '-b', b, '-t', plain, '-k', 'k'], 'hello\n');
  });
  afterAll(() => records.close());

  it('lists the map DLQs and detects foreign topics by their headers', async () => {
    const topics = await listDlqTopics({ records, map });
    const byName = new Map(topics.map((t) => [t.topic, t]));
    expect(byName.get(dlq)).toMatchObject({
      stage: 'receipts',
      detectedBy: 'map',
      messages: '5',
      exists: true,
    });
    expect(byName.get(foreign)).toMatchObject({ detectedBy: 'headers', formats: ['spring-dlt'] });
    expect(byName.get(connectDlq)).toMatchObject({ detectedBy: 'headers', formats: ['kafka-connect'] });
    expect(byName.has(plain)).toBe(false);
  });

  it('groups by fingerprint, keeps garbled and headerless records, decodes Spring binary ints', async () => {
    const result = await groupDlqErrors({ records, map }, dlq);
    expect(result.scanned).toBe(5);
    const smtp = result.groups.find(
      (g) => g.exceptionClass === 'org.eclipse.angus.mail.smtp.SMTPSendFailedException',
    )!;
    expect(smtp.count).toBe(3);
    expect(smtp.samplePaymentIds).toEqual(['pay-1001', 'pay-1002', 'pay-1003']);
    const unknown = result.groups.find((g) => g.fingerprint === UNKNOWN_FINGERPRINT)!;
    expect(unknown.count).toBe(2);
    expect(unknown.headersProblem).toBe(true);

    const listed = await listDlqRecords({ records, map }, { topic: dlq });
    const byId = new Map(listed.records.map((r) => [r.paymentId, r]));
    expect(byId.get('pay-1003')).toMatchObject({
      originalPartition: 2,
      originalOffset: '9007199254740993',
      format: 'spring-dlt',
    });
    expect(byId.get('pay-1001')).toMatchObject({ originalTopic: map.sourceTopic, ceId: 'ce-pay-1001' });
    expect(byId.get('pay-1004')!.problems.join('\n')).toMatch(/kafka_dlt-exception-message: not valid UTF-8/);
    expect(byId.get('pay-1005')!.problems.join('\n')).toMatch(/no dead-letter headers/);
  });

  it('reads Kafka Connect headers written by kcat', async () => {
    const listed = await listDlqRecords({ records, map }, { topic: connectDlq });
    expect(listed.records[0]).toMatchObject({
      format: 'kafka-connect',
      originalTopic: 'jdbc.orders',
      originalPartition: 4,
      originalOffset: '9007199254740993',
      exceptionClass: 'org.apache.kafka.connect.errors.DataException',
      consumerGroup: 'connect-jdbc-sink',
    });
  });
});
