// The payment_success event as an Avro record: the schema the reference pipeline registers when it runs
// with Avro values (the sandbox's --avro), under the topic's value subject (Confluent's TopicNameStrategy).
// Field for field the JSON event of shared/events.ts; the optional phone is a null union.

export const paymentSuccessAvroSchema = {
  type: 'record',
  name: 'PaymentSuccess',
  namespace: 'com.eventdesk.payment',
  fields: [
    { name: 'paymentId', type: 'string' },
    { name: 'customerId', type: 'string' },
    { name: 'amountMinor', type: 'long' },
    { name: 'currency', type: 'string' },
    { name: 'email', type: 'string' },
    { name: 'phone', type: ['null', 'string'], default: null },
    { name: 'cardLast4', type: 'string' },
    { name: 'chargeId', type: 'string' },
    { name: 'createdAt', type: 'string' },
  ],
} as const;

/** The registry subject of a topic's values. */
export const valueSubject = (topic: string): string => `${topic}-value`;

/** How the pipeline writes payment_success values. */
export type ValueFormat = 'json' | 'avro';
