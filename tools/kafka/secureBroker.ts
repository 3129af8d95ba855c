// A secured single-node Kafka from the same jars as the plain one: a SASL_SSL listener (SCRAM-SHA-256,
// SCRAM-SHA-512, PLAIN, and OAUTHBEARER with Kafka's unsecured-JWT validator: test only), an SSL listener that requires client certificates, SCRAM users written at format
// time, and the standard authorizer with ACLs for an admin (super user), an operator and a viewer. The
// PLAINTEXT listener stays for the readiness probe and for "TLS against a plaintext port" tests; its
// anonymous principal has no ACL, so it may do nothing. Certificates are made in a temporary folder.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs, { Kafka, logLevel, type AclEntry } from 'kafkajs';
import { freePort, startBroker, type RunningBroker } from './broker';
import { createTestCertificates, type CertificateFiles } from './certs';

export type SecureRole = 'admin' | 'operator' | 'viewer';

export interface SecureUser {
  username: string;
  password: string;
}

/** What a client needs to reach the secured broker; also written to `secure-broker.json` in its folder. */
export interface SecureBrokerInfo {
  /** 127.0.0.1:port, PLAINTEXT, anonymous and without rights. */
  plaintext: string;
  /** localhost:port, SASL over TLS. */
  saslSsl: string;
  /** localhost:port, TLS with a client certificate (the certificate's CN is the principal). */
  mtls: string;
  certs: CertificateFiles;
  users: Record<SecureRole, SecureUser>;
  /**
   * OAUTHBEARER on the SASL_SSL listener: any unsecured JWT (`alg: none`) is accepted and its `sub` is the
   * principal. `operatorClient` is the client id granted the operator's ACLs (User:<client id>).
   */
  oauth: { operatorClient: string };
  /** Folder of the certificates, the descriptor and (unless given) the broker's data. */
  dir: string;
}

export interface RunningSecureBroker extends SecureBrokerInfo {
  broker: RunningBroker;
  stop(): Promise<void>;
}

export interface SecureBrokerOptions {
  /** Port of the PLAINTEXT listener; free ports are picked for every listener when omitted. */
  port?: number;
  /** Folder for certificates and data; a temporary one (removed on stop) when omitted. */
  dir?: string;
  heap?: string;
  log?: (line: string) => void;
}

// kafkajs is CommonJS and Node's ESM loader does not see these enums as named exports.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;
type AclResourceTypes = kafkajs.AclResourceTypes;
type AclOperationTypes = kafkajs.AclOperationTypes;
type ResourcePatternTypes = kafkajs.ResourcePatternTypes;

/** The pipeline topics the operator may write (and the console's own ledger topic it may create). */
const operatorWritablePrefixes = ['payments.', 'eventdesk.'];

export const secureUserNames: Record<SecureRole, string> = {
  admin: 'admin',
  operator: 'alice',
  viewer: 'bob',
};

const allow = (
  principal: string,
  resourceType: AclResourceTypes,
  resourceName: string,
  operation: AclOperationTypes,
  pattern: ResourcePatternTypes = ResourcePatternTypes.LITERAL,
): AclEntry => ({
  resourceType,
  resourceName,
  resourcePatternType: pattern,
  principal,
  host: '*',
  operation,
  permissionType: AclPermissionTypes.ALLOW,
});

/** The OAuth client id the broker treats as an operator (its tokens' `sub`). */
export const oauthOperatorClient = 'eventdesk-operator-client';

/** Operator: reads every topic and group, writes the pipeline topics. */
export function operatorAcls(operator: string): AclEntry[] {
  const { TOPIC, GROUP } = AclResourceTypes;
  const { READ, DESCRIBE, DESCRIBE_CONFIGS, WRITE, CREATE } = AclOperationTypes;
  return [
    ...[READ, DESCRIBE, DESCRIBE_CONFIGS].map((op) => allow(operator, TOPIC, '*', op)),
    ...operatorWritablePrefixes.flatMap((prefix) =>
      [WRITE, CREATE].map((op) => allow(operator, TOPIC, prefix, op, ResourcePatternTypes.PREFIXED)),
    ),
    ...[READ, DESCRIBE].map((op) => allow(operator, GROUP, '*', op)),
  ];
}

/** Operator as above. Viewer: reads and describes only. */
export function roleAcls(users: Record<SecureRole, string>): AclEntry[] {
  const viewer = `User:${users.viewer}`;
  const { TOPIC, GROUP } = AclResourceTypes;
  const { READ, DESCRIBE } = AclOperationTypes;
  return [
    ...operatorAcls(`User:${users.operator}`),
    ...[READ, DESCRIBE].map((op) => allow(viewer, TOPIC, '*', op)),
    allow(viewer, GROUP, '*', DESCRIBE),
  ];
}

export function secureBrokerProperties(ports: {
  plaintext: number;
  saslSsl: number;
  mtls: number;
  internal: number;
  controller: number;
  hostname: string;
  certs: CertificateFiles;
  users: Record<SecureRole, SecureUser>;
}): Record<string, string | number> {
  const { hostname: host, certs } = ports;
  const plainUsers = Object.values(ports.users)
    .map((u) => `user_${u.username}="${u.password}"`)
    .join(' ');
  return {
    listeners: [
      `PLAINTEXT://127.0.0.1:${ports.plaintext}`,
      `SASL_SSL://${host}:${ports.saslSsl}`,
      `MTLS://${host}:${ports.mtls}`,
      `INTERNAL://${host}:${ports.internal}`,
      `CONTROLLER://${host}:${ports.controller}`,
    ].join(','),
    'advertised.listeners': [
      `PLAINTEXT://127.0.0.1:${ports.plaintext}`,
      `SASL_SSL://${host}:${ports.saslSsl}`,
      `MTLS://${host}:${ports.mtls}`,
      `INTERNAL://${host}:${ports.internal}`,
    ].join(','),
    'listener.security.protocol.map':
      'PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,MTLS:SSL,INTERNAL:SSL,CONTROLLER:SSL',
    'inter.broker.listener.name': 'INTERNAL',
    'controller.listener.names': 'CONTROLLER',
    'ssl.keystore.type': 'PEM',
    'ssl.keystore.location': certs.brokerKeystore,
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': certs.caFile,
    // The broker's own links (to itself as controller, inter-broker) use its certificate: CN=broker.
    'listener.name.mtls.ssl.client.auth': 'required',
    'listener.name.internal.ssl.client.auth': 'required',
    'listener.name.controller.ssl.client.auth': 'required',
    'ssl.principal.mapping.rules': 'RULE:^CN=([^,]+)$/$1/,DEFAULT',
    'sasl.enabled.mechanisms': 'SCRAM-SHA-256,SCRAM-SHA-512,PLAIN,OAUTHBEARER',
    'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config':
      'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config':
      'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.sasl_ssl.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`,
    // OAUTHBEARER with Kafka's unsecured-JWT validator: any `alg: none` token with a `sub` and an `exp` is
    // accepted and `User:<sub>` is the principal. Test only: a real cluster validates signed JWTs (JWKS).
    'listener.name.sasl_ssl.oauthbearer.sasl.jaas.config':
      'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="broker";',
    'listener.name.sasl_ssl.oauthbearer.sasl.server.callback.handler.class':
      'org.apache.kafka.common.security.oauthbearer.internals.unsecured.OAuthBearerUnsecuredValidatorCallbackHandler',
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'super.users': `User:${ports.users.admin.username};User:broker`,
    'allow.everyone.if.no.acl.found': 'false',
  };
}

/** `--add-scram` arguments of the storage format run: every user, both SCRAM mechanisms. */
export function scramFormatArgs(users: SecureUser[]): string[] {
  return users.flatMap((u) =>
    ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((mechanism) => [
      '--add-scram',
      `${mechanism}=[name=${u.username},password=${u.password}]`,
    ]),
  );
}

export async function startSecureBroker(options: SecureBrokerOptions = {}): Promise<RunningSecureBroker> {
  const ownsDir = !options.dir;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'eventdesk-secure-kafka-'));
  const log = options.log ?? (() => {});
  try {
    const names = Object.values(secureUserNames);
    const certs = await createTestCertificates(dir, names);
    const users = Object.fromEntries(
      Object.entries(secureUserNames).map(([role, username]) => [
        role,
        { username, password: `${username}-${randomBytes(12).toString('hex')}` },
      ]),
    ) as Record<SecureRole, SecureUser>;
    const ports = new Set<number>(options.port ? [options.port] : []);
    while (ports.size < 5) ports.add(await freePort());
    const [plaintext, saslSsl, mtls, internal, controller] = [...ports] as [
      number,
      number,
      number,
      number,
      number,
    ];
    const hostname = certs.hostname;
    const broker = await startBroker({
      port: plaintext,
      controllerPort: controller,
      controllerQuorumVoters: `1@${hostname}:${controller}`,
      dataDir: join(dir, 'kafka'),
      heap: options.heap ?? '512m',
      formatArgs: scramFormatArgs(Object.values(users)),
      properties: secureBrokerProperties({
        plaintext,
        saslSsl,
        mtls,
        internal,
        controller,
        hostname,
        certs,
        users,
      }),
      log,
    });
    const info: SecureBrokerInfo = {
      plaintext: broker.bootstrap,
      saslSsl: `${hostname}:${saslSsl}`,
      mtls: `${hostname}:${mtls}`,
      certs,
      users,
      oauth: { operatorClient: oauthOperatorClient },
      dir,
    };
    try {
      await grantRoles(info);
    } catch (error) {
      await broker.stop();
      throw error;
    }
    writeFileSync(join(dir, 'secure-broker.json'), JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
    log(`secured broker ready: SASL_SSL ${info.saslSsl}, mTLS ${info.mtls}, CA ${certs.caFile}`);
    return {
      ...info,
      broker,
      async stop() {
        await broker.stop();
        if (ownsDir) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (ownsDir) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A kafkajs admin signed in as the super user over SASL_SSL (the caller disconnects it). */
export function adminKafka(info: SecureBrokerInfo): Kafka {
  return new Kafka({
    clientId: 'eventdesk-secure-setup',
    brokers: [info.saslSsl],
    logLevel: logLevel.NOTHING,
    ssl: { ca: [readFileSync(info.certs.caFile, 'utf8')] },
    sasl: {
      mechanism: 'scram-sha-512',
      username: info.users.admin.username,
      password: info.users.admin.password,
    },
  });
}

async function grantRoles(info: SecureBrokerInfo): Promise<void> {
  const admin = adminKafka(info).admin();
  await admin.connect();
  try {
    await admin.createAcls({
      acl: [
        ...roleAcls({
          admin: info.users.admin.username,
          operator: info.users.operator.username,
          viewer: info.users.viewer.username,
        }),
        ...operatorAcls(`User:${info.oauth.operatorClient}`),
      ],
    });
  } finally {
    await admin.disconnect();
  }
}
