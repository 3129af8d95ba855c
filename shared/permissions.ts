// The access domain's permissions: what the broker says the connected principal may do (KIP-430 authorized
// operations of Metadata and DescribeGroups) on the topics and groups the console writes or follows, and the
// sentence a disabled button shows. Pure: the renderer and main both use it.
import { z } from 'zod';

/** Kafka's AclOperation codes as KIP-430 bitfields carry them: bit `code` set means the operation is allowed. */
export const ACL_OPERATION_CODES = {
  READ: 3,
  WRITE: 4,
  CREATE: 5,
  DELETE: 6,
  ALTER: 7,
  DESCRIBE: 8,
  CLUSTER_ACTION: 9,
  DESCRIBE_CONFIGS: 10,
  ALTER_CONFIGS: 11,
  IDEMPOTENT_WRITE: 12,
} as const;
export type AclOperation = keyof typeof ACL_OPERATION_CODES;

/** What a broker puts in the field when the operations were not asked for or cannot be told (Integer.MIN_VALUE). */
export const OPERATIONS_UNKNOWN = -2147483648;

/** The operations a KIP-430 bitfield allows, in code order; null when the broker did not say. */
export function decodeAuthorizedOperations(bits: number): AclOperation[] | null {
  if (bits === OPERATIONS_UNKNOWN) return null;
  return (Object.keys(ACL_OPERATION_CODES) as AclOperation[]).filter(
    (op) => (bits & (1 << ACL_OPERATION_CODES[op])) !== 0,
  );
}

/** The bitfield of these operations (tests and the reverse of decodeAuthorizedOperations). */
export function encodeAuthorizedOperations(operations: readonly AclOperation[]): number {
  return operations.reduce((bits, op) => bits | (1 << ACL_OPERATION_CODES[op]), 0);
}

/** Why the console asks about a resource: what it writes there, or follows. */
export type PermissionRole = 'redelivery' | 'ledger' | 'worklist' | 'stage-group';

export interface ResourcePermissions {
  name: string;
  role: PermissionRole;
  /** The stage the topic or group belongs to (redelivery topics, stage groups). */
  stage?: string;
  /** What the broker says the principal may do; null when it did not say (see `note`). */
  operations: AclOperation[] | null;
  /** Why operations is null or empty: "the topic does not exist yet", "may not describe it (TOPIC_AUTHORIZATION_FAILED)". */
  note?: string;
}

export interface PermissionsView {
  /** Who the broker judged: `User:bob`, or null on a connection without a principal. */
  principal: string | null;
  /** False when the broker or the client cannot answer KIP-430 questions: then the broker decides at the click. */
  supported: boolean;
  /** Cluster operations (CREATE lets the console create its ledger and worklist topics). */
  cluster: AclOperation[] | null;
  topics: ResourcePermissions[];
  groups: ResourcePermissions[];
  checkedAt: number;
}

export const permissionsInput = z.object({}).strict();

/** May the principal do `operation` on this topic? Unknown (the broker did not say) counts as yes: the broker decides. */
function mayOn(view: PermissionsView | undefined, topic: string, operation: AclOperation): boolean {
  const entry = view?.topics.find((t) => t.name === topic);
  return !entry || entry.operations === null || entry.operations.includes(operation);
}

/** The sentence beside a disabled write: "you may not write to `t` (needs WRITE on that topic)"; null when allowed. */
export function writeRefusal(view: PermissionsView | undefined, topics: readonly string[]): string | null {
  const denied = topics.find((topic) => !mayOn(view, topic, 'WRITE'));
  return denied === undefined ? null : `you may not write to \`${denied}\` (needs WRITE on that topic)`;
}

/** Why Redeliver is disabled for a stage's redelivery topic: it writes there and to the ledger. */
export function redeliverRefusal(
  view: PermissionsView | undefined,
  redeliveryTopic: string | null,
): string | null {
  const ledger = view?.topics.find((t) => t.role === 'ledger')?.name;
  return writeRefusal(view, [...(redeliveryTopic ? [redeliveryTopic] : []), ...(ledger ? [ledger] : [])]);
}

/** Why worklist changes are disabled: they are records in the worklist topic. */
export function worklistRefusal(view: PermissionsView | undefined): string | null {
  const worklist = view?.topics.find((t) => t.role === 'worklist')?.name;
  return worklist ? writeRefusal(view, [worklist]) : null;
}
