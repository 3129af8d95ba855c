// What the connected principal may do, as the broker says (KIP-430), on what the console writes: each stage's
// redelivery topic, the ledger and worklist topics, and follows: the stage groups. The UI shows it before
// anyone clicks; the broker's own refusal (refusals.ts) stays the rule.
import type { PipelineMap } from '../../../shared/pipelineMap';
import {
  decodeAuthorizedOperations,
  type PermissionRole,
  type PermissionsView,
  type ResourcePermissions,
} from '../../../shared/permissions';
import { worklistTopicOf } from '../../../shared/topicRoles';
import type { ResourceOperations } from '../kafka/authorizedOperations';
import type { KafkaPort } from '../kafka/kafkaPort';

export interface PermissionsDeps {
  kafka: <T>(body: (port: KafkaPort) => Promise<T>) => Promise<T>;
  map: () => PipelineMap;
  principal: () => string | null;
  now: () => number;
}

interface Asked {
  name: string;
  role: PermissionRole;
  stage?: string;
}

function askedTopics(map: PipelineMap): Asked[] {
  const asked: Asked[] = map.stages.map((s) => ({
    name: s.redeliveryTopic,
    role: 'redelivery',
    stage: s.name,
  }));
  asked.push({ name: map.ledgerTopic, role: 'ledger' }, { name: worklistTopicOf(map), role: 'worklist' });
  return asked;
}

/** The broker's answer for one resource as the console shows it: what it may do, or why that is not known. */
function judged(
  asked: Asked,
  answer: ResourceOperations | undefined,
  kind: 'topic' | 'group',
): ResourcePermissions {
  const base = { name: asked.name, role: asked.role, ...(asked.stage ? { stage: asked.stage } : {}) };
  if (!answer) return { ...base, operations: null, note: 'the broker did not answer for it' };
  // Without DESCRIBE nothing else is allowed either (every other operation implies it).
  if (answer.error?.endsWith('_AUTHORIZATION_FAILED'))
    return { ...base, operations: [], note: `you may not even describe this ${kind} (${answer.error})` };
  // The broker still says what the principal could do on a topic of that name (the ACLs match names).
  if (answer.error === 'UNKNOWN_TOPIC_OR_PARTITION')
    return {
      ...base,
      operations: decodeAuthorizedOperations(answer.bits),
      note: 'the topic does not exist yet (creating it needs CREATE)',
    };
  if (answer.error) return { ...base, operations: null, note: `the broker answered ${answer.error}` };
  const operations = decodeAuthorizedOperations(answer.bits);
  return operations ? { ...base, operations } : { ...base, operations: null, note: 'the broker did not say' };
}

export function createPermissionsReader(deps: PermissionsDeps): () => Promise<PermissionsView> {
  return async () => {
    const map = deps.map();
    const topics = askedTopics(map);
    const groups: Asked[] = map.stages.map((s) => ({
      name: s.consumerGroup,
      role: 'stage-group',
      stage: s.name,
    }));
    const unknown = (note: string): PermissionsView => ({
      principal: deps.principal(),
      supported: false,
      cluster: null,
      topics: topics.map((t) => ({ ...t, operations: null, note })),
      groups: groups.map((g) => ({ ...g, operations: null, note })),
      checkedAt: deps.now(),
    });
    return deps.kafka(async (port) => {
      if (!port.authorizedOperations) return unknown('this connection cannot ask the broker (KIP-430)');
      // A question the broker does not answer in time must not mark the connection down: the broker decides.
      const answer = await port
        .authorizedOperations({
          topics: [...new Set(topics.map((t) => t.name))],
          groups: [...new Set(groups.map((g) => g.name))],
        })
        .catch((error: unknown) => ({
          unsupported: `the broker did not answer (${error instanceof Error ? error.message : String(error)})`,
          cluster: 0,
          topics: [],
          groups: [],
        }));
      if (answer.unsupported) return unknown(answer.unsupported);
      return {
        principal: deps.principal(),
        supported: true,
        cluster: decodeAuthorizedOperations(answer.cluster),
        topics: topics.map((t) =>
          judged(
            t,
            answer.topics.find((a) => a.name === t.name),
            'topic',
          ),
        ),
        groups: groups.map((g) =>
          judged(
            g,
            answer.groups.find((a) => a.name === g.name),
            'group',
          ),
        ),
        checkedAt: deps.now(),
      };
    });
  };
}
