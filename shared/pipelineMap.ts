// The pipeline map: everything the console knows about "the payment pipeline" comes from this validated
// config, so the console works against any cluster and any pipeline. Its default describes services/.
import { z } from 'zod';
import { topicNameInput } from './offset';
import {
  DEFAULT_RETRY_TIER_DELAYS_MS,
  REDELIVERY_LEDGER_TOPIC,
  REFERENCE_STAGES,
  SOURCE_TOPIC,
  dlqTopic,
  redeliveryTopic,
  retryTopic,
  type StageDescriptor,
} from './referencePipeline';

const topicName = topicNameInput;

const groupId = z
  .string({ error: 'expected a consumer group id' })
  .min(1, 'expected a non-empty consumer group id')
  .max(255);

/**
 * Where a record's correlation key (the payment id) lives: the Kafka record key, a header, or a top-level
 * JSON field of the value. The partition lookup only works with `key`, which is what the reference uses.
 */
export const correlationKeySchema = z.discriminatedUnion(
  'from',
  [
    z.object({ from: z.literal('key') }).strict(),
    z.object({ from: z.literal('header'), name: z.string().min(1, 'expected a header name') }).strict(),
    z.object({ from: z.literal('json'), field: z.string().min(1, 'expected a JSON field name') }).strict(),
  ],
  { error: 'expected {"from":"key"}, {"from":"header","name":…} or {"from":"json","field":…}' },
);

export const stageSchema = z
  .object({
    name: z
      .string({ error: 'expected a stage name' })
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a lower-case stage name of letters, digits, "_" or "-"'),
    consumerGroup: groupId,
    retryTopics: z.array(topicName, { error: 'expected a list of topic names' }).max(20),
    dlqTopic: topicName,
    /** Where the console redelivers this stage's dead letters; the stage's consumer subscribes to it. */
    redeliveryTopic: topicName,
    /** Optional: an event this stage emits when it finished a payment; the strongest proof of completion. */
    outcomeTopic: topicName.optional(),
    /** How long a payment may take through this stage before it counts as late. */
    slaMs: z
      .number({ error: 'expected a positive number' })
      .int('expected a whole number of milliseconds')
      .positive('expected a positive number'),
    /** JSON fields of the event value that hold personal data (masked in views and exports). */
    personalDataFields: z.array(z.string().min(1), { error: 'expected a list of field names' }).default([]),
  })
  .strict();

export const pipelineMapSchema = z
  .object({
    name: z.string().min(1).max(128).default('payments'),
    sourceTopic: topicName,
    correlationKey: correlationKeySchema,
    ledgerTopic: topicName.default(REDELIVERY_LEDGER_TOPIC),
    /**
     * Fields of the source event support can search by (what a customer quotes: email, customer id, charge
     * id), as top-level names or dotted paths (`customer.email`).
     */
    searchableFields: z
      .array(z.string().min(1).max(256), { error: 'expected a list of field names' })
      .max(20)
      .optional(),
    /** The team's shared worklist; beside the ledger when absent (`eventdesk.worklist`). */
    worklistTopic: topicName.optional(),
    /** The loop guard: a record redelivered this many times is not redelivered again. */
    maxRedeliveries: z
      .number()
      .int('expected a whole number')
      .min(1, 'expected at least 1')
      .max(100)
      .default(3),
    stages: z
      .array(stageSchema, { error: 'expected a list of stages' })
      .min(1, 'expected at least one stage'),
    /**
     * JSON fields that hold personal data in any topic's records, masked before anything leaves main:
     * `email` matches that key at any depth, `customer.email` only under `customer`. Stages' own
     * `personalDataFields` add to it. Absent: the usual names below; `[]` masks only emails and cards.
     */
    personalFields: z
      .array(
        z
          .string({ error: 'expected a field name' })
          .regex(/^[^.\s]+(\.[^.\s]+)*$/, 'expected a field name or a dotted path such as "customer.email"')
          .max(256),
        { error: 'expected a list of field names' },
      )
      .max(500)
      .default(() => [...DEFAULT_PERSONAL_FIELDS]),
  })
  .strict()
  .superRefine((map, ctx) => {
    const seenNames = new Map<string, number>();
    const topicOwner = new Map<string, string>();
    const claimTopic = (topic: string, owner: string, path: (string | number)[]) => {
      const previous = topicOwner.get(topic);
      if (previous !== undefined) {
        ctx.addIssue({ code: 'custom', path, message: `topic "${topic}" is already used as ${previous}` });
      } else topicOwner.set(topic, owner);
    };
    claimTopic(map.sourceTopic, 'the source topic', ['sourceTopic']);
    claimTopic(map.ledgerTopic, 'the ledger topic', ['ledgerTopic']);
    if (map.worklistTopic) claimTopic(map.worklistTopic, 'the worklist topic', ['worklistTopic']);
    map.stages.forEach((stage, i) => {
      const first = seenNames.get(stage.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'name'],
          message: `duplicate stage name "${stage.name}" (also stages[${first}])`,
        });
      } else seenNames.set(stage.name, i);
      stage.retryTopics.forEach((t, j) =>
        claimTopic(t, `a retry topic of stage "${stage.name}"`, ['stages', i, 'retryTopics', j]),
      );
      claimTopic(stage.dlqTopic, `the DLQ of stage "${stage.name}"`, ['stages', i, 'dlqTopic']);
      claimTopic(stage.redeliveryTopic, `the redelivery topic of stage "${stage.name}"`, [
        'stages',
        i,
        'redeliveryTopic',
      ]);
      // Outcome topics may legitimately be shared by stages only if they are distinct events; we require distinct.
      if (stage.outcomeTopic)
        claimTopic(stage.outcomeTopic, `the outcome topic of stage "${stage.name}"`, [
          'stages',
          i,
          'outcomeTopic',
        ]);
    });
  });

export type PipelineMap = z.output<typeof pipelineMapSchema>;
export type PipelineMapInput = z.input<typeof pipelineMapSchema>;
export type PipelineStage = PipelineMap['stages'][number];
export type CorrelationKey = z.output<typeof correlationKeySchema>;

/** Fields of payment_success a customer or a ticket quotes (shared/events.ts). */
const referenceSearchable = ['email', 'customerId', 'chargeId'];
/**
 * Fields that identify a person in payment_success (shared/events.ts) and in most payment events elsewhere.
 * cardLast4 is not among them: the last four digits are what card rules allow to be shown.
 */
export const DEFAULT_PERSONAL_FIELDS: readonly string[] = [
  'email',
  'phone',
  'customerId',
  'customer_id',
  'name',
  'firstName',
  'lastName',
  'fullName',
  'address',
];

/** Fields of payment_success that identify a person (shared/events.ts). */
const referencePersonalData = ['email', 'phone', 'customerId'];

export interface ConventionalMapOptions {
  /** Default `payments.succeeded`; every stage topic derives from it. */
  sourceTopic?: string;
  ledgerTopic?: string;
  /** How many retry tiers each stage has (default: the reference pipeline's). */
  retryTiers?: number;
  /** A stage's consumer group (default: its name). */
  groupOf?: (stage: string) => string;
}

/** The map of a pipeline whose stages follow the runtime's naming conventions (services/runtime/topology.ts). */
export function pipelineMapFor(
  stages: readonly StageDescriptor[],
  options: ConventionalMapOptions = {},
): PipelineMap {
  const source = options.sourceTopic ?? SOURCE_TOPIC;
  const tiers = options.retryTiers ?? DEFAULT_RETRY_TIER_DELAYS_MS.length;
  return {
    name: 'payments',
    sourceTopic: source,
    correlationKey: { from: 'key' },
    ledgerTopic: options.ledgerTopic ?? REDELIVERY_LEDGER_TOPIC,
    searchableFields: referenceSearchable,
    maxRedeliveries: 3,
    personalFields: [...DEFAULT_PERSONAL_FIELDS],
    stages: stages.map((stage) => ({
      name: stage.name,
      consumerGroup: options.groupOf?.(stage.name) ?? stage.name,
      retryTopics: Array.from({ length: tiers }, (_, i) => retryTopic(stage.name, i + 1, source)),
      dlqTopic: dlqTopic(stage.name, source),
      redeliveryTopic: redeliveryTopic(stage.name, source),
      ...(stage.outcomeTopic ? { outcomeTopic: stage.outcomeTopic } : {}),
      slaMs: stage.slaMs,
      personalDataFields: referencePersonalData,
    })),
  };
}

/** The map of the reference pipeline in services/, built from shared/referencePipeline.ts. */
export function defaultPipelineMap(): PipelineMap {
  return pipelineMapFor(REFERENCE_STAGES);
}

export interface IsolatedStageSpec {
  name: string;
  /** Retry topics `<prefix>.<stage>.retry.<n>` (default 1). */
  retryTiers?: number;
  /** Whether the stage has an outcome topic `<prefix>.<stage>.sent`. */
  outcome?: boolean;
  slaMs?: number;
  personalDataFields?: string[];
}

/** A map whose topics and groups all carry `prefix`: tests, benchmarks and demos that must not share data. */
export function isolatedPipelineMap(prefix: string, stages: readonly IsolatedStageSpec[]): PipelineMap {
  return {
    name: prefix,
    sourceTopic: `${prefix}.src`,
    correlationKey: { from: 'key' },
    ledgerTopic: `${prefix}.ledger`,
    maxRedeliveries: 3,
    personalFields: [...DEFAULT_PERSONAL_FIELDS],
    stages: stages.map((stage) => ({
      name: stage.name,
      consumerGroup: `${prefix}-${stage.name}`,
      retryTopics: Array.from(
        { length: stage.retryTiers ?? 1 },
        (_, i) => `${prefix}.${stage.name}.retry.${i + 1}`,
      ),
      dlqTopic: `${prefix}.${stage.name}.dlq`,
      redeliveryTopic: `${prefix}.${stage.name}.redelivery`,
      ...(stage.outcome ? { outcomeTopic: `${prefix}.${stage.name}.sent` } : {}),
      slaMs: stage.slaMs ?? 60_000,
      personalDataFields: stage.personalDataFields ?? [],
    })),
  };
}

export interface MapProblem {
  /** e.g. `stages[2].slaMs`; empty for the whole document. */
  path: string;
  message: string;
}

export type MapParseResult = { ok: true; map: PipelineMap } | { ok: false; problems: MapProblem[] };

/** `['stages', 2, 'slaMs']` → `stages[2].slaMs`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return `missing (${issue.message})`;
  return issue.message;
}

/** Validates an already-parsed JSON value; every problem names the field path and what is wrong. */
export function parsePipelineMap(input: unknown): MapParseResult {
  const parsed = pipelineMapSchema.safeParse(input);
  if (parsed.success) return { ok: true, map: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      message: describeIssue(issue),
    })),
  };
}

/** Parses map text (JSON); a syntax error is reported as a problem, never thrown. */
export function parsePipelineMapText(text: string): MapParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problems: [
        { path: '', message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` },
      ],
    };
  }
  return parsePipelineMap(json);
}

/** One line per problem, e.g. `stages[2].slaMs: expected a positive number`. */
export function formatMapProblems(problems: readonly MapProblem[]): string {
  return problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('\n');
}

/** The stage whose DLQ this topic is, if any. */
export function stageForDlq(map: PipelineMap, topic: string): PipelineStage | undefined {
  return map.stages.find((s) => s.dlqTopic === topic);
}

export function stageByName(map: PipelineMap, name: string): PipelineStage | undefined {
  return map.stages.find((s) => s.name === name);
}

// ---- the pipeline.* channels ------------------------------------------------------------------

export interface PipelineMapView {
  map: PipelineMap;
  source: 'file' | 'default' | 'memory';
  path: string | null;
  /** Problems of the map file when it is invalid (the console then keeps the map it had). */
  problems?: MapProblem[];
}

export interface MapValidation {
  ok: boolean;
  problems: MapProblem[];
}

export const validateMapInput = z.object({ text: z.string().max(1_000_000) }).strict();

/** A consumer group that reads the source topic but is no stage of the map, with the stage it would become. */
export interface UnmappedGroup {
  groupId: string;
  /** Kafka's group state, e.g. Stable, Empty. */
  state: string;
  members: number;
  /** The group as a stage with the conventional retry, DLQ and redelivery topics (`<source>.<group>.…`). */
  suggestion: PipelineStage;
  /** Which of the suggestion's topics exist on the cluster now. */
  existingTopics: string[];
}

export interface UnmappedGroups {
  sourceTopic: string;
  groups: UnmappedGroup[];
}

export const addStagesInput = z
  .object({ groupIds: z.array(groupId).min(1, 'choose at least one consumer group').max(100) })
  .strict();

/** The stage a consumer group of the source topic becomes when added: the reference naming conventions. */
export function conventionalStage(
  map: PipelineMap,
  groupId: string,
  retryTiers = DEFAULT_RETRY_TIER_DELAYS_MS.length,
): PipelineStage {
  const name =
    groupId
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '') || 'stage';
  return {
    name,
    consumerGroup: groupId,
    retryTopics: Array.from({ length: retryTiers }, (_, i) => retryTopic(name, i + 1, map.sourceTopic)),
    dlqTopic: dlqTopic(name, map.sourceTopic),
    redeliveryTopic: redeliveryTopic(name, map.sourceTopic),
    slaMs: 5 * 60_000,
    personalDataFields: map.stages[0]?.personalDataFields ?? [],
  };
}
