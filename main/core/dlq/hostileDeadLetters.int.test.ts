import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import { errorFingerprint, FINGERPRINT_MESSAGE_CHARS } from '../../../shared/dlqHeaders';
import { testPipelineMap } from '../test/testPipeline';
import { groupDlqErrors } from './dlqTriage';
import { testBootstrap, uniqueName } from '../../../tools/test/kafka';

const utf8 = (s: string) => new TextEncoder().encode(s);

// Anyone who can write to a DLQ chooses the exception message. A megabyte of text shaped to make
// backtracking patterns quadratic must not stall the console's grouping of that DLQ.
describe('DLQ grouping of hostile dead letters against a real broker', () => {
  const records = createKafkajsRecords({ brokers: [testBootstrap()] });
  const map = testPipelineMap(uniqueName('hostile'));
  const dlq = map.stages[0]!.dlqTopic;
  const exceptionClass = 'org.springframework.kafka.listener.ListenerExecutionFailedException';
  // Just under the broker's default 1 MiB record limit, with room for the other headers.
  const longMessage = `payload rejected: ${'a@'.repeat(500_000)}`.slice(0, 1_000_000);
  const shortMessage = 'card declined for pay_7f3a9c (code 51) at 10.0.0.7:8443; retry later'.padEnd(
    100,
    '.',
  );

  const deadLetter = (key: string, message: string) => ({
    topic: dlq,
    partition: 0,
    key,
    value: '{}',
    headers: [
      { key: 'kafka_dlt-original-topic', value: utf8(map.sourceTopic) },
      { key: 'kafka_dlt-exception-fqcn', value: utf8(exceptionClass) },
      { key: 'kafka_dlt-exception-message', value: utf8(message) },
    ],
  });

  beforeAll(async () => {
    await records.ensureTopic(dlq, { partitions: 1 });
    // One record per send: the long one alone fills most of a produce request.
    await records.produce([deadLetter('pay-long', longMessage)]);
    await records.produce([deadLetter('pay-short', shortMessage)]);
  });
  afterAll(() => records.close());

  it('groups a 1 MB exception message within 2 s and keeps it whole as the sample', async () => {
    const started = performance.now();
    const result = await groupDlqErrors({ records, map }, dlq);
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(2_000);
    expect(result.scanned).toBe(2);
    expect(result.groups).toHaveLength(2);
    const long = result.groups.find((g) => g.fingerprint === errorFingerprint(exceptionClass, longMessage));
    const short = result.groups.find((g) => g.fingerprint === errorFingerprint(exceptionClass, shortMessage));
    expect(long).toMatchObject({ exceptionClass, count: 1, samplePaymentIds: ['pay-long'] });
    expect(long!.sampleMessage).toBe(longMessage);
    expect(short).toMatchObject({
      exceptionClass,
      count: 1,
      sampleMessage: shortMessage,
      samplePaymentIds: ['pay-short'],
    });
    // Only the first FINGERPRINT_MESSAGE_CHARS characters decided the long record's group.
    expect(long!.fingerprint).toBe(
      errorFingerprint(exceptionClass, longMessage.slice(0, FINGERPRINT_MESSAGE_CHARS)),
    );
  });
});
