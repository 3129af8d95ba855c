// Test-only: records written in Kafka transactions with kafkajs's transactional producer, committed or aborted
// in the order given, so tests know which offsets are records, aborted records and transaction markers.
import { Kafka, logLevel } from 'kafkajs';

export interface TransactionSpec {
  outcome: 'commit' | 'abort';
  values: string[];
}

export async function produceTransactions(
  bootstrap: string,
  topic: string,
  partition: number,
  transactions: readonly TransactionSpec[],
): Promise<void> {
  const kafka = new Kafka({
    clientId: 'eventdesk-test-transactions',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({
    transactionalId: `eventdesk-test-${topic}`,
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  try {
    for (const spec of transactions) {
      const txn = await producer.transaction();
      await txn.send({ topic, messages: spec.values.map((value) => ({ partition, key: value, value })) });
      if (spec.outcome === 'commit') await txn.commit();
      else await txn.abort();
    }
  } finally {
    await producer.disconnect();
  }
}
