// Records that carry one person's data everywhere a record can carry it (JSON fields, free text, headers,
// keys, binary bytes, a dead letter's error message), for the tests that prove none of it leaves main.
import { encodeDeadLetterHeaders } from '../../../../shared/dlqHeaders';
import { partitionForKey } from '../../../../shared/partitioner';
import type { PipelineMap } from '../../../../shared/pipelineMap';
import { toHex } from '../../../../shared/recordView';
import type { RecordPort } from '../../kafka/recordPort';

const utf8 = new TextEncoder();

export const person = {
  email: 'jane.roe@example.com',
  phone: '+15557654321',
  customerId: 'cust_secret_77',
  card: '4111111111111111',
} as const;

/** Strings none of which may appear in any output that left main masked. */
export function personalNeedles(): string[] {
  return [
    person.email,
    'jane.roe@',
    '7654321',
    person.customerId,
    'secret_77',
    person.card,
    '4111 1111 1111 1111',
    '411111111111',
    toHex(utf8.encode(person.email)),
    toHex(utf8.encode('jane.roe')),
    toHex(utf8.encode(person.card)),
  ];
}

export const paymentId = 'pay-masking-1';

/** The payment event as the pipeline writes it, plus a free-text note with the card in it. */
export const paymentValue = JSON.stringify({
  paymentId,
  customerId: person.customerId,
  amountMinor: 1250,
  currency: 'EUR',
  email: person.email,
  phone: person.phone,
  cardLast4: '1111',
  note: `customer read out 4111 1111 1111 1111 and ${person.email}`,
});

/**
 * The source event, its dead letter at the first stage (SMTP refused the address, in the error message),
 * and a foreign topic with the email as a key and in binary bytes.
 */
export async function producePersonalRecords(records: RecordPort, map: PipelineMap, foreignTopic: string) {
  const stage = map.stages[0]!;
  const partitions = (await records.watermarks(map.sourceTopic)).length;
  const partition = partitionForKey(paymentId, partitions);
  const ceId = `ce-${paymentId}`;
  await records.produce([
    {
      topic: map.sourceTopic,
      partition,
      key: paymentId,
      value: paymentValue,
      headers: [
        { key: 'ce_id', value: utf8.encode(ceId) },
        { key: 'email', value: utf8.encode(person.email) },
      ],
    },
  ]);
  const dlqPartitions = (await records.watermarks(stage.dlqTopic)).length;
  await records.produce([
    {
      topic: stage.dlqTopic,
      partition: partitionForKey(paymentId, dlqPartitions),
      key: paymentId,
      value: paymentValue,
      headers: [
        { key: 'ce_id', value: utf8.encode(ceId) },
        ...Object.entries(
          encodeDeadLetterHeaders({
            originalTopic: map.sourceTopic,
            partition,
            offset: '0',
            timestamp: Date.now(),
            consumerGroup: stage.consumerGroup,
            exceptionClass: 'SmtpError',
            message: `550 mailbox ${person.email} refused (card ${person.card})`,
            stacktrace: `at send(${person.email})`,
            attempts: 3,
            firstFailureAt: Date.now(),
            stage: stage.name,
            errorClass: 'permanent',
          }),
        ).map(([key, value]) => ({ key, value })),
      ],
    },
  ]);
  // A dead letter from a careless producer: the person's data in ce_id, the group and the exception class.
  await records.produce([
    {
      topic: stage.dlqTopic,
      partition: 0,
      key: 'pay-masking-2',
      value: '{}',
      headers: [
        { key: 'ce_id', value: utf8.encode(person.email) },
        ...Object.entries(
          encodeDeadLetterHeaders({
            originalTopic: map.sourceTopic,
            partition: 0,
            offset: '1',
            timestamp: Date.now(),
            consumerGroup: person.email,
            exceptionClass: `CardDeclined${person.card}`,
            message: 'declined',
            stacktrace: '',
            attempts: 1,
            firstFailureAt: Date.now(),
            stage: stage.name,
            errorClass: 'permanent',
          }),
        ).map(([key, value]) => ({ key, value })),
      ],
    },
  ]);
  await records.ensureTopic(foreignTopic, { partitions: 1 });
  await records.produce([
    {
      topic: foreignTopic,
      partition: 0,
      key: person.email,
      value: `plain text ${person.card} from ${person.email}`,
    },
    {
      topic: foreignTopic,
      partition: 0,
      key: 'binary',
      value: new Uint8Array([0, 1, 2, ...utf8.encode(person.email), 0xff, ...utf8.encode(person.card)]),
    },
  ]);
}
