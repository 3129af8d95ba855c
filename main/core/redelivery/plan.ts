// Dry-run planning of a redelivery: which DLQ records, to which topic, grouped by error, what the loop
// guard and the ledger exclude, and whether the target stage is healthy enough to receive them.
import { setTimeout as wait } from 'node:timers/promises';
import { partitionForKey } from '../../../shared/partitioner';
import { stageForDlq, type PipelineMap, type PipelineStage } from '../../../shared/pipelineMap';
import type { DlqRecordSummary } from '../../../shared/dlq';
import type {
  DlqCoordinates,
  RedeliveryPlan,
  RedeliveryPlanItem,
  RedeliverySelection,
  RedeliveryTarget,
  StageHealth,
} from '../../../shared/redelivery';
import type { KafkaRecord, PartitionRange, RecordPort } from '../kafka/recordPort';
import { summarizeDlqRecord } from '../records/deadLetterRecord';
import { invalidInput, notFound } from '../appFailure';
import { FailedAgainIndex, loopGuardStops } from '../records/deadLetterStatus';
import type { ItemLedgerState, LedgerView } from './ledger';

/** A job larger than this is refused: split it by error group or time. Keeps a job's memory bounded. */
export const MAX_JOB_ITEMS = 200_000;

export interface PlannedItem extends RedeliveryPlanItem {
  record: KafkaRecord;
  summary: DlqRecordSummary;
  stage: PipelineStage | null;
  targetPartition: number;
}

export interface HealthOptions {
  samples: number;
  intervalMs: number;
}

/** What planning asks of the ledger: the kept view in main, or a snapshot of one DLQ's items in the worker. */
export interface PlanLedger {
  item(dlq: DlqCoordinates): ItemLedgerState | undefined;
  catchUp(signal?: AbortSignal): Promise<void>;
}

export interface PlanDeps {
  records: RecordPort;
  map: PipelineMap;
  ledger: PlanLedger;
  health?: Partial<HealthOptions>;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

/** One planning request, wherever it runs (in-line, or in the engine worker). */
export interface PlanRequest {
  dlqTopic: string;
  selection: RedeliverySelection;
  ledger: LedgerView;
  map: PipelineMap;
  health?: Partial<HealthOptions>;
  checkHealth?: boolean;
  /** False for a dry run: only the plan is wanted, not the records to move. */
  detailed: boolean;
  signal?: AbortSignal;
}

export type Planner = (request: PlanRequest) => Promise<DetailedPlan>;

export interface DetailedPlan {
  plan: RedeliveryPlan;
  items: PlannedItem[];
  /** The single original topic of a foreign DLQ selection (what the person must confirm). */
  foreignTarget: string | null;
}

/** Waits `ms`, or stops at once when the caller leaves (a health check must not outlive its request). */
const sleepMs = (ms: number, signal?: AbortSignal) => wait(ms, undefined, signal ? { signal } : {});

async function readSelection(
  deps: PlanDeps,
  dlqTopic: string,
  selection: RedeliverySelection,
  /** Sees every record read, selected or not (the newer dead letters of a failed redelivery). */
  onRead?: (r: KafkaRecord) => void,
): Promise<KafkaRecord[]> {
  const { records, map } = deps;
  const marks = await records.watermarks(dlqTopic);
  if (marks.length === 0) throw notFound(`topic "${dlqTopic}" does not exist`);
  let ranges: PartitionRange[] = marks.map((m) => ({ partition: m.partition, from: m.low, to: m.high }));
  let keep: (r: KafkaRecord) => boolean = () => true;
  if (selection.kind === 'records') {
    const wanted = new Set(selection.records.map((r) => `${r.partition}/${r.offset}`));
    const perPartition = new Map<number, { min: bigint; max: bigint }>();
    for (const r of selection.records) {
      const o = BigInt(r.offset);
      const cur = perPartition.get(r.partition);
      perPartition.set(r.partition, {
        min: cur && cur.min < o ? cur.min : o,
        max: cur && cur.max > o ? cur.max : o,
      });
    }
    ranges = [...perPartition].map(([partition, { min, max }]) => ({
      partition,
      from: min.toString(),
      to: (max + 1n).toString(),
    }));
    keep = (r) => wanted.has(`${r.partition}/${r.offset}`);
  } else if (selection.kind === 'payment') {
    if (map.correlationKey.from === 'key') {
      const p = partitionForKey(selection.paymentId, marks.length);
      ranges = ranges.filter((r) => r.partition === p);
    }
    keep = (r) => summarizeDlqRecord(r, map).paymentId === selection.paymentId;
  } else if (selection.kind === 'group') {
    keep = (r) => summarizeDlqRecord(r, map).fingerprint === selection.fingerprint;
  }
  const out: KafkaRecord[] = [];
  let tooMany = false;
  await records.read([{ topic: dlqTopic, ranges }], {
    signal: deps.signal,
    onBatch: (batch) => {
      for (const r of batch) {
        onRead?.(r);
        if (!keep(r)) continue;
        if (out.length >= MAX_JOB_ITEMS) {
          tooMany = true;
          return;
        }
        out.push(r);
      }
    },
  });
  // A read told to stop ends quietly: an empty selection must not pass for the answer.
  deps.signal?.throwIfAborted();
  if (tooMany)
    throw invalidInput(
      `the selection has more than ${MAX_JOB_ITEMS} records; redeliver one error group or payment at a time`,
    );
  return out;
}

async function totalLag(records: RecordPort, groupId: string, topics: string[]): Promise<bigint> {
  let lag = 0n;
  for (const topic of topics) {
    const [marks, committed] = await Promise.all([
      records.watermarks(topic),
      records.committedOffsets(groupId, topic),
    ]);
    for (const m of marks) {
      const c = committed.find((x) => x.partition === m.partition)?.offset;
      if (c !== null && c !== undefined) lag += BigInt(m.high) - BigInt(c);
    }
  }
  return lag;
}

/** A topic the stage's lag is measured on, and what it is to the stage (named in a refusal). */
export interface HealthTopic {
  topic: string;
  role: string;
}

/** Refuses a stage whose topics are missing, a stopped group, or one whose lag grew at every sample. */
export async function checkStageHealth(
  deps: PlanDeps,
  groupId: string,
  topics: HealthTopic[],
): Promise<StageHealth> {
  const { records } = deps;
  const samples = deps.health?.samples ?? 3;
  const interval = deps.health?.intervalMs ?? 1000;
  const sleep = deps.sleep ?? sleepMs;
  const group = await records.describeGroup(groupId);
  // A group's committed offsets cannot be asked for on a topic that does not exist (Kafka answers
  // UNKNOWN_TOPIC_OR_PARTITION), and such a stage could not be healthy anyway: say which topic is missing.
  const missing: HealthTopic[] = [];
  for (const t of topics) if ((await records.watermarks(t.topic)).length === 0) missing.push(t);
  if (missing.length > 0) {
    const which = missing.map((t) => `${t.role} "${t.topic}"`).join(' and ');
    return {
      groupId,
      state: group.state,
      members: group.members,
      lagSamples: [],
      ok: false,
      problem: `${which} ${missing.length === 1 ? 'does' : 'do'} not exist on this cluster: the lag of consumer group "${groupId}" cannot be measured (check the pipeline map)`,
    };
  }
  const lags: bigint[] = [];
  for (let i = 0; i < samples; i++) {
    if (i > 0) await sleep(interval, deps.signal);
    deps.signal?.throwIfAborted();
    lags.push(
      await totalLag(
        records,
        groupId,
        topics.map((t) => t.topic),
      ),
    );
  }
  const lagSamples = lags.map(String);
  if (group.members === 0) {
    return {
      groupId,
      state: group.state,
      members: 0,
      lagSamples,
      ok: false,
      problem: `consumer group "${groupId}" has no active members (state ${group.state}): redelivered records would wait unprocessed`,
    };
  }
  const growing = lags.length >= 2 && lags.every((l, i) => i === 0 || l > lags[i - 1]!);
  if (growing) {
    return {
      groupId,
      state: group.state,
      members: group.members,
      lagSamples,
      ok: false,
      problem: `the lag of consumer group "${groupId}" keeps growing (${lagSamples.join(' → ')}): the stage is not keeping up`,
    };
  }
  return { groupId, state: group.state, members: group.members, lagSamples, ok: true };
}

const records = (n: number) => `${n} record${n === 1 ? '' : 's'}`;

/** The plan's skips in words, so a person sees why "Redeliver group" moves fewer than the group holds. */
export function skipReasons(
  items: readonly Pick<PlannedItem, 'skip' | 'dlq'>[],
  ledger: Pick<LedgerView, 'item'>,
  failedAgain: Pick<FailedAgainIndex, 'get'>,
  maxRedeliveries: number,
): string[] {
  let failed = 0;
  let confirmed = 0;
  let pending = 0;
  let guarded = 0;
  let noTarget = 0;
  for (const i of items) {
    if (i.skip === 'already-redelivered') {
      if (failedAgain.get(i.dlq)) failed++;
      else if (ledger.item(i.dlq)?.result?.result === 'confirmed') confirmed++;
      else pending++;
    } else if (i.skip === 'loop-guard') guarded++;
    else if (i.skip === 'no-target') noTarget++;
  }
  const out: string[] = [];
  if (confirmed > 0) out.push(`${records(confirmed)} already redelivered and confirmed by the stage`);
  if (failed > 0)
    out.push(`${records(failed)} already redelivered and failed again: redeliver their newer dead letters`);
  if (pending > 0) out.push(`${records(pending)} already redelivered, waiting for the stage's outcome`);
  if (guarded > 0)
    out.push(
      `${records(guarded)} stopped by the loop guard: redelivered ${maxRedeliveries} time${maxRedeliveries === 1 ? '' : 's'} already, the pipeline map's limit`,
    );
  if (noTarget > 0) out.push(`${records(noTarget)} with no target topic on this cluster`);
  return out;
}

export async function planRedelivery(
  deps: PlanDeps,
  dlqTopic: string,
  selection: RedeliverySelection,
  options: { checkHealth?: boolean } = {},
): Promise<DetailedPlan> {
  const { map, records, ledger } = deps;
  const stage = stageForDlq(map, dlqTopic) ?? null;
  // A dry run never creates the ledger topic; starting a job does (RedeliveryService.launch).
  const failedAgain = new FailedAgainIndex();
  const selected = await readSelection(deps, dlqTopic, selection, (r) =>
    failedAgain.add(summarizeDlqRecord(r, map)),
  );
  await ledger.catchUp(deps.signal);

  const partitionCounts = new Map<string, number>();
  const partitionsOf = async (topic: string) => {
    let n = partitionCounts.get(topic);
    if (n === undefined) {
      n = (await records.watermarks(topic)).length;
      partitionCounts.set(topic, n);
    }
    return n;
  };

  const items: PlannedItem[] = [];
  const groups = new Map<
    string,
    { fingerprint: string; exceptionClass: string | null; sampleMessage: string | null; count: number }
  >();
  for (const record of selected) {
    const summary = summarizeDlqRecord(record, map);
    const dlq: DlqCoordinates = { topic: record.topic, partition: record.partition, offset: record.offset };
    const targetTopic = stage ? stage.redeliveryTopic : summary.originalTopic;
    let skip: PlannedItem['skip'];
    let targetPartition = 0;
    if (ledger.item(dlq)?.result) skip = 'already-redelivered';
    else if (loopGuardStops(summary.redeliveryCount, map.maxRedeliveries)) skip = 'loop-guard';
    else if (!targetTopic || (await partitionsOf(targetTopic)) === 0) skip = 'no-target';
    if (targetTopic && skip !== 'no-target') {
      const n = await partitionsOf(targetTopic);
      // Keyed records go where the Java partitioner sends the key (per-payment order); unkeyed ones to a
      // deterministic partition, so a verifier knows where to look after a crash.
      targetPartition =
        n === 0 ? 0 : record.key !== null ? partitionForKey(record.key, n) : record.partition % n;
    }
    items.push({
      dlq,
      paymentId: summary.paymentId,
      fingerprint: summary.fingerprint,
      targetTopic,
      ...(skip ? { skip } : {}),
      redeliveryCount: summary.redeliveryCount,
      record,
      summary,
      stage,
      targetPartition,
    });
    const g = groups.get(summary.fingerprint) ?? {
      fingerprint: summary.fingerprint,
      exceptionClass: summary.exceptionClass,
      sampleMessage: summary.message,
      count: 0,
    };
    g.count++;
    groups.set(summary.fingerprint, g);
  }

  const moving = items.filter((i) => !i.skip);
  const targets = new Map<string, RedeliveryTarget>();
  for (const i of moving) {
    const t = targets.get(i.targetTopic!) ?? {
      targetTopic: i.targetTopic!,
      stage: stage?.name ?? null,
      count: 0,
      requiresConfirmation: stage === null,
      health: null,
    };
    t.count++;
    targets.set(i.targetTopic!, t);
  }
  const refusals: string[] = [];
  const foreignTopics = stage ? [] : [...targets.keys()];
  if (foreignTopics.length > 1) {
    refusals.push(
      `the selected records come from several original topics (${foreignTopics.join(', ')}); redeliver one original topic at a time`,
    );
  }
  if (options.checkHealth !== false && moving.length > 0) {
    const groupId = stage
      ? stage.consumerGroup
      : (moving.find((i) => i.summary.consumerGroup)?.summary.consumerGroup ?? null);
    if (groupId) {
      const topics: HealthTopic[] = stage
        ? [
            { topic: map.sourceTopic, role: "the stage's source topic" },
            { topic: stage.redeliveryTopic, role: "the stage's redelivery topic" },
          ]
        : foreignTopics.map((topic) => ({ topic, role: 'the original topic' }));
      const health = await checkStageHealth(deps, groupId, topics);
      for (const t of targets.values()) t.health = health;
      if (!health.ok && health.problem) refusals.push(health.problem);
    }
  }

  return {
    plan: {
      dlqTopic,
      stage: stage?.name ?? null,
      selected: items.length,
      toMove: moving.length,
      alreadyRedelivered: items.filter((i) => i.skip === 'already-redelivered').length,
      loopGuarded: items.filter((i) => i.skip === 'loop-guard').length,
      noTarget: items.filter((i) => i.skip === 'no-target').length,
      skipReasons: skipReasons(items, ledger, failedAgain, map.maxRedeliveries),
      targets: [...targets.values()],
      groups: [...groups.values()].sort((a, b) => b.count - a.count),
      refusals,
      preview: items
        .slice(0, 100)
        .map(({ dlq, paymentId, fingerprint, targetTopic, skip, redeliveryCount }) => ({
          dlq,
          paymentId,
          fingerprint,
          targetTopic,
          redeliveryCount,
          ...(skip ? { skip } : {}),
        })),
    },
    items,
    foreignTarget: stage ? null : (foreignTopics[0] ?? null),
  };
}
