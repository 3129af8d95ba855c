import { readFileSync } from 'node:fs';
import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../test/names';
import { startSecureTestBroker, type SecureTestBroker } from '../test/secureBroker';
import { adminKafka } from './secureBroker';

let secure: SecureTestBroker;

beforeAll(async () => {
  secure = await startSecureTestBroker();
});
afterAll(async () => {
  await secure?.stop();
});

const client = (config: Omit<KafkaConfig, 'clientId' | 'logLevel'>) =>
  new Kafka({ clientId: 'secure-broker-test', logLevel: logLevel.NOTHING, retry: { retries: 0 }, ...config });

const ca = () => readFileSync(secure.certs.caFile, 'utf8');

const sasl = (
  role: 'operator' | 'viewer',
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512',
): SASLOptions =>
  ({
    mechanism,
    username: secure.users[role].username,
    password: secure.users[role].password,
  }) as SASLOptions;

async function withAdmin<T>(
  kafka: Kafka,
  use: (admin: ReturnType<Kafka['admin']>) => Promise<T>,
): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

interface Failure {
  name: string;
  type?: string;
  message: string;
  errors?: Array<{ type?: string }>;
}

async function failureOf(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    const e = error as Failure;
    return { name: e.name, type: e.type, message: e.message, errors: e.errors };
  }
  throw new Error('expected the call to fail');
}

describe('secured local broker', () => {
  it.each(['scram-sha-256', 'scram-sha-512', 'plain'] as const)(
    'signs in with %s over TLS and lists a topic the admin made',
    async (mechanism) => {
      const topic = uniqueName(`secure-${mechanism}`);
      await withAdmin(adminKafka(secure), (admin) =>
        admin.createTopics({ topics: [{ topic }], waitForLeaders: true }),
      );
      const topics = await withAdmin(
        client({ brokers: [secure.saslSsl], ssl: { ca: [ca()] }, sasl: sasl('viewer', mechanism) }),
        (admin) => admin.listTopics(),
      );
      expect(topics).toContain(topic);
    },
  );

  it('refuses a wrong SCRAM password', async () => {
    const wrong = { ...sasl('operator', 'scram-sha-512'), password: 'not-the-password' } as SASLOptions;
    const failure = await failureOf(
      withAdmin(client({ brokers: [secure.saslSsl], ssl: { ca: [ca()] }, sasl: wrong }), (a) =>
        a.listTopics(),
      ),
    );
    expect(failure.name).toBe('KafkaJSSASLAuthenticationError');
  });

  it('takes a client certificate from the test CA on the mTLS listener and refuses one from another CA', async () => {
    const alice = secure.certs.clients[secure.users.operator.username]!;
    const topics = await withAdmin(
      client({
        brokers: [secure.mtls],
        ssl: {
          ca: [ca()],
          cert: readFileSync(alice.certFile, 'utf8'),
          key: readFileSync(alice.keyFile, 'utf8'),
        },
      }),
      (admin) => admin.listTopics(),
    );
    expect(Array.isArray(topics)).toBe(true);
    const rogue = secure.certs.rogueClient;
    const failure = await failureOf(
      withAdmin(
        client({
          brokers: [secure.mtls],
          connectionTimeout: 3000,
          ssl: {
            ca: [ca()],
            cert: readFileSync(rogue.certFile, 'utf8'),
            key: readFileSync(rogue.keyFile, 'utf8'),
          },
        }),
        (admin) => admin.listTopics(),
      ),
    );
    // TLS alert 46 (certificate_unknown): the broker did not trust the rogue CA's certificate.
    expect(failure.message).toMatch(/certificate unknown|alert number 46/);
  });

  it('lets the operator write a pipeline topic and refuses the viewer the same write', async () => {
    const topic = uniqueName('payments.secure');
    await withAdmin(adminKafka(secure), (admin) =>
      admin.createTopics({ topics: [{ topic }], waitForLeaders: true }),
    );
    const produce = async (role: 'operator' | 'viewer') => {
      const producer = client({
        brokers: [secure.saslSsl],
        ssl: { ca: [ca()] },
        sasl: sasl(role, 'scram-sha-512'),
      }).producer({ allowAutoTopicCreation: false });
      await producer.connect();
      try {
        return await producer.send({ topic, messages: [{ value: role }] });
      } finally {
        await producer.disconnect();
      }
    };
    const sent = await produce('operator');
    expect(sent[0]?.errorCode).toBe(0);
    const refused = await failureOf(produce('viewer'));
    expect(refused.type ?? refused.message).toMatch(/TOPIC_AUTHORIZATION_FAILED/);
  });

  it('gives the anonymous plaintext listener no rights', async () => {
    const failure = await failureOf(
      withAdmin(client({ brokers: [secure.plaintext] }), (admin) =>
        admin.createTopics({ topics: [{ topic: uniqueName('anonymous') }] }),
      ),
    );
    expect(failure.errors?.map((e) => e.type)).toEqual(['TOPIC_AUTHORIZATION_FAILED']);
  });
});
