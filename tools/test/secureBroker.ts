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

/** Adds one literal ACL for one user of the secured broker, for a test that needs more (or less) than its role. */
async function addAcl(
  info: SecureBrokerInfo,
  entry: {
    username: string;
    resource: 'TOPIC' | 'GROUP';
    name: string;
    operation: 'WRITE' | 'DESCRIBE';
    permission: 'ALLOW' | 'DENY';
  },
): Promise<void> {
  const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;
  const admin = adminKafka(info).admin();
  await admin.connect();
  try {
    await admin.createAcls({
      acl: [
        {
          resourceType: AclResourceTypes[entry.resource],
          resourceName: entry.name,
          resourcePatternType: ResourcePatternTypes.LITERAL,
          principal: `User:${entry.username}`,
          host: '*',
          operation: AclOperationTypes[entry.operation],
          permissionType: AclPermissionTypes[entry.permission],
        },
      ],
    });
  } finally {
    await admin.disconnect();
  }
}

/** Lets one user of the secured broker write one topic. */
export const allowTopicWrite = (info: SecureBrokerInfo, username: string, topic: string) =>
  addAcl(info, { username, resource: 'TOPIC', name: topic, operation: 'WRITE', permission: 'ALLOW' });

/** Denies one user of the secured broker describing one consumer group (DENY wins over the role's ALLOW *). */
export const denyGroupDescribe = (info: SecureBrokerInfo, username: string, group: string) =>
  addAcl(info, { username, resource: 'GROUP', name: group, operation: 'DESCRIBE', permission: 'DENY' });
