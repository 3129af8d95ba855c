// Integration-test fixture for the secured broker: one per test file (beforeAll/afterAll), or the one a
// person started by hand with `npm run kafka -- secure --data DIR`, named by EVENTDESK_TEST_SECURE_BROKER
// (the path of its secure-broker.json), so a test file can be run again without a 30 s broker start.
import { readFileSync } from 'node:fs';
import kafkajs from 'kafkajs';
import { adminKafka, startSecureBroker, type SecureBrokerInfo } from '../kafka/secureBroker';

export interface SecureTestBroker extends SecureBrokerInfo {
  stop(): Promise<void>;
}

export async function startSecureTestBroker(): Promise<SecureTestBroker> {
  const descriptor = process.env.EVENTDESK_TEST_SECURE_BROKER;
  if (descriptor) {
    const info = JSON.parse(readFileSync(descriptor, 'utf8')) as SecureBrokerInfo;
    return { ...info, stop: async () => {} };
  }
  const broker = await startSecureBroker({ log: (line) => console.log(`[secure kafka] ${line}`) });
  return broker;
}

/** Lets one user of the secured broker write one topic (a literal ACL), for a test that needs that much more. */
export async function allowTopicWrite(
  info: SecureBrokerInfo,
  username: string,
  topic: string,
): Promise<void> {
  const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;
  const admin = adminKafka(info).admin();
  await admin.connect();
  try {
    await admin.createAcls({
      acl: [
        {
          resourceType: AclResourceTypes.TOPIC,
          resourceName: topic,
          resourcePatternType: ResourcePatternTypes.LITERAL,
          principal: `User:${username}`,
          host: '*',
          operation: AclOperationTypes.WRITE,
          permissionType: AclPermissionTypes.ALLOW,
        },
      ],
    });
  } finally {
    await admin.disconnect();
  }
}
