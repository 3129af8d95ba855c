// DLQ triage: every DLQ of the map plus any other topic whose records carry dead-letter headers; records
// grouped by error fingerprint. A record with missing or garbled headers is still listed, marked.
import { decodeDeadLetterHeaders, type DeadLetterFormat } from '../../../shared/dlqHeaders';
import { isDeadLetterHeader } from '../../../shared/deadLetterHeaderNames';
import type { PipelineMap } from '../../../shared/pipelineMap';
import {
  isHandledStatus,
  type DlqLedgerMark,
  type DlqErrorGroup,
  DlqGroupsResult,
  type DlqRecordSummary,
  type DlqRecordsResult,
  type DlqTopicSummary,
} from '../../../shared/dlq';
import { notFound } from '../appFailure';
import type { KafkaRecord, RecordPort, TopicRanges } from '../kafka/recordPort';
import { summarizeDlqRecord, UNKNOWN_FINGERPRINT } from '../records/deadLetterRecord';
import { deadLetterState, FailedAgainIndex, type StatusInputs } from '../records/deadLetterStatus';
import { sumRecordCount } from '../records/offsets';
import { toRawHeaders } from '../records/recordFields';

const SAMPLE_PER_PARTITION = 3n;
const DLQ_NAME = /(?:^|[._-])(?:dlq|dlt|dead[._-]?letters?|deadletter)(?:$|[._-])/i;
const DEFAULT_MAX_RECORDS = 100_000;

/** What the ledger recorded for each dead letter of one DLQ topic, by coordinatesKey (absent: nothing yet). */
export type LedgerMarks = (dlqTopic: string) => Promise<ReadonlyMap<string, DlqLedgerMark>>;

export interface DlqDeps {
  records: RecordPort;
  map: PipelineMap;
  /** Without it every record counts as outstanding (no ledger to ask). */
  ledgerMarks?: LedgerMarks;
  signal?: AbortSignal;
}

const noMarks: ReadonlyMap<string, DlqLedgerMark> = new Map();
const marksOf = (deps: DlqDeps, topic: string) => deps.ledgerMarks?.(topic) ?? Promise.resolve(noMarks);

/** Records the ledger marks as redelivered that are still in the topic (retention may have dropped others). */
function countHandled(
  marks: ReadonlyMap<string, DlqLedgerMark>,
  partitions: readonly { partition: number; low: string; high: string }[],
): bigint {
  const ranges = new Map(partitions.map((m) => [m.partition, m]));
  let handled = 0n;
  for (const key of marks.keys()) {
    // Keys are topic/partition/offset; topic names cannot contain a slash.
    const parts = key.split('/');
    const range = ranges.get(Number(parts[parts.length - 2]));
    const offset = BigInt(parts[parts.length - 1] ?? '0');
    if (range && offset >= BigInt(range.low) && offset < BigInt(range.high)) handled++;
  }
  return handled;
}

/** A DLQ candidate as read from the cluster: its partitions' offsets and the dead-letter formats sampled. */
export interface SampledDlqTopic {
  topic: string;
  partitions: { partition: number; low: string; high: string }[];
  formats: DeadLetterFormat[];
  stage?: string;
  detectedBy: DlqTopicSummary['detectedBy'];
}

/**
 * Every DLQ in the map, and other topics found to carry dead-letter headers (or named like a DLQ), with their
 * offsets: the reading part of `listDlqTopics` (the engine worker runs it; the ledger counts come after).
 */
export async function sampleDlqTopics(deps: Omit<DlqDeps, 'ledgerMarks'>): Promise<SampledDlqTopic[]> {
  const { records, map } = deps;
  const allTopics = await records.listTopics();
  const mapTopics = new Set<string>([map.sourceTopic, map.ledgerTopic]);
  for (const s of map.stages)
    for (const t of [...s.retryTopics, s.dlqTopic, s.redeliveryTopic, s.outcomeTopic])
      if (t) mapTopics.add(t);

  const marksByTopic = new Map<string, Awaited<ReturnType<RecordPort['watermarks']>>>();
  const candidates = allTopics.filter((t) => !mapTopics.has(t) && !t.startsWith('__'));
  const sampled = [...map.stages.map((s) => s.dlqTopic), ...candidates];
  await Promise.all(sampled.map(async (t) => marksByTopic.set(t, await records.watermarks(t))));

  // Sample the newest few records of each partition of every candidate, in one read.
  const requests: TopicRanges[] = [];
  for (const topic of sampled) {
    const marks = marksByTopic.get(topic) ?? [];
    const ranges = marks
      .map((m) => {
        const high = BigInt(m.high);
        const low = BigInt(m.low);
        const from = high - SAMPLE_PER_PARTITION > low ? high - SAMPLE_PER_PARTITION : low;
        return { partition: m.partition, from: from.toString(), to: m.high };
      })
      .filter((r) => BigInt(r.from) < BigInt(r.to));
    if (ranges.length > 0) requests.push({ topic, ranges });
  }
  const formats = new Map<string, Set<DeadLetterFormat>>();
  await records.read(requests, {
    signal: deps.signal,
    onBatch: (batch) => {
      for (const record of batch) {
        if (!record.headers.some((h) => isDeadLetterHeader(h.key))) continue;
        const set = formats.get(record.topic) ?? new Set();
        set.add(decodeDeadLetterHeaders(toRawHeaders(record.headers)).format);
        formats.set(record.topic, set);
      }
    },
  });

  const partitionsOf = (topic: string) =>
    (marksByTopic.get(topic) ?? []).map(({ partition, low, high }) => ({ partition, low, high }));
  const out: SampledDlqTopic[] = [];
  for (const s of map.stages)
    out.push({
      topic: s.dlqTopic,
      partitions: partitionsOf(s.dlqTopic),
      formats: [...(formats.get(s.dlqTopic) ?? [])],
      stage: s.name,
      detectedBy: 'map',
    });
  for (const topic of candidates) {
    const byHeaders = formats.has(topic);
    if (!byHeaders && !DLQ_NAME.test(topic)) continue;
    out.push({
      topic,
      partitions: partitionsOf(topic),
      formats: [...(formats.get(topic) ?? [])],
      detectedBy: byHeaders ? 'headers' : 'name',
    });
  }
  return out;
}

/** The sampled topics with their counts: records in each, and how many of those the ledger marks as handled. */
export async function countDlqTopics(
  sampled: readonly SampledDlqTopic[],
  ledgerMarks?: LedgerMarks,
): Promise<DlqTopicSummary[]> {
  const out: DlqTopicSummary[] = [];
  for (const t of sampled) {
    const messages = sumRecordCount(t.partitions);
    const handled = countHandled(await (ledgerMarks?.(t.topic) ?? Promise.resolve(noMarks)), t.partitions);
    out.push({
      topic: t.topic,
      partitions: t.partitions.length,
      messages,
      formats: t.formats,
      handled: handled.toString(),
      outstanding: (BigInt(messages) - handled).toString(),
      ...(t.stage === undefined ? {} : { stage: t.stage }),
      detectedBy: t.detectedBy,
      exists: t.detectedBy !== 'map' || t.partitions.length > 0,
    });
  }
  return out;
}

/** Every DLQ in the map, and other topics found to carry dead-letter headers (or named like a DLQ). */
export async function listDlqTopics(deps: DlqDeps): Promise<DlqTopicSummary[]> {
  return countDlqTopics(await sampleDlqTopics(deps), deps.ledgerMarks);
}

/** Reads the newest `maxRecords` of a DLQ topic, spread over partitions in proportion to their size. */
async function readDlq(
  deps: DlqDeps,
  topic: string,
  maxRecords: number,
  onRecord: (r: KafkaRecord) => void,
): Promise<{ scanned: number; partial: boolean }> {
  const marks = await deps.records.watermarks(topic);
  if (marks.length === 0) throw notFound(`topic "${topic}" does not exist`);
  const total = marks.reduce((n, m) => n + (BigInt(m.high) - BigInt(m.low)), 0n);
  const budget = BigInt(maxRecords);
  const partial = total > budget;
  const ranges = marks.map((m) => {
    const size = BigInt(m.high) - BigInt(m.low);
    const take = partial ? (size * budget) / (total === 0n ? 1n : total) : size;
    return { partition: m.partition, from: (BigInt(m.high) - take).toString(), to: m.high };
  });
  let scanned = 0;
  await deps.records.read([{ topic, ranges }], {
    signal: deps.signal,
    onBatch: (batch) => {
      for (const r of batch) {
        scanned++;
        onRecord(r);
      }
    },
  });
  return { scanned, partial };
}

async function statusInputs(deps: DlqDeps, topic: string): Promise<StatusInputs> {
  return {
    marks: await marksOf(deps, topic),
    failedAgain: new FailedAgainIndex(),
    maxRedeliveries: deps.map.maxRedeliveries,
  };
}

export async function groupDlqErrors(
  deps: DlqDeps,
  topic: string,
  maxRecords = DEFAULT_MAX_RECORDS,
): Promise<DlqGroupsResult> {
  const groups = new Map<string, DlqErrorGroup & { formatSet: Set<DeadLetterFormat> }>();
  const inputs = await statusInputs(deps, topic);
  // A record's status may depend on a newer dead letter read later: decide after the scan.
  const summaries: Pick<
    DlqRecordSummary,
    'topic' | 'partition' | 'offset' | 'fingerprint' | 'redeliveryCount'
  >[] = [];
  const { scanned, partial } = await readDlq(deps, topic, maxRecords, (record) => {
    const s = summarizeDlqRecord(record, deps.map);
    inputs.failedAgain.add(s);
    const { topic: t, partition, offset, fingerprint, redeliveryCount } = s;
    summaries.push({ topic: t, partition, offset, fingerprint, redeliveryCount });
    let g = groups.get(s.fingerprint);
    if (!g) {
      g = {
        fingerprint: s.fingerprint,
        exceptionClass: s.exceptionClass,
        sampleMessage: s.message,
        count: 0,
        outstanding: 0,
        handled: 0,
        loopGuarded: 0,
        firstSeen: s.timestamp,
        lastSeen: s.timestamp,
        formats: [],
        formatSet: new Set(),
        headersProblem: s.fingerprint === UNKNOWN_FINGERPRINT,
        samplePaymentIds: [],
      };
      groups.set(s.fingerprint, g);
    }
    g.count++;
    if (s.timestamp < g.firstSeen) g.firstSeen = s.timestamp;
    if (s.timestamp > g.lastSeen) g.lastSeen = s.timestamp;
    if (s.problems.length > 0 && s.format === 'none') g.headersProblem = true;
    g.formatSet.add(s.format);
    if (s.paymentId !== null && g.samplePaymentIds.length < 20 && !g.samplePaymentIds.includes(s.paymentId))
      g.samplePaymentIds.push(s.paymentId);
  });
  for (const s of summaries) {
    const g = groups.get(s.fingerprint)!;
    const { status } = deadLetterState(s, inputs);
    if (isHandledStatus(status)) g.handled++;
    else g.outstanding++;
    if (status === 'loop-guard') g.loopGuarded++;
  }
  const list = [...groups.values()]
    .map(({ formatSet, ...g }) => ({ ...g, formats: [...formatSet] }))
    .sort((a, b) => b.outstanding - a.outstanding || b.count - a.count || b.lastSeen - a.lastSeen);
  return { topic, scanned, partial, groups: list };
}

export async function listDlqRecords(
  deps: DlqDeps,
  query: {
    topic: string;
    fingerprint?: string;
    paymentId?: string;
    maxRecords?: number;
    limit?: number;
    show?: 'outstanding' | 'all';
  },
): Promise<DlqRecordsResult> {
  const limit = query.limit ?? 500;
  const inputs = await statusInputs(deps, query.topic);
  const matching: DlqRecordSummary[] = [];
  const { scanned } = await readDlq(deps, query.topic, query.maxRecords ?? DEFAULT_MAX_RECORDS, (record) => {
    const s = summarizeDlqRecord(record, deps.map);
    inputs.failedAgain.add(s);
    if (query.fingerprint !== undefined && s.fingerprint !== query.fingerprint) return;
    if (query.paymentId !== undefined && s.paymentId !== query.paymentId) return;
    matching.push(s);
  });
  const out: DlqRecordSummary[] = [];
  let shown = 0;
  let handledHidden = 0;
  for (const s of matching) {
    const state = deadLetterState(s, inputs);
    if (query.show === 'outstanding' && isHandledStatus(state.status)) {
      handledHidden++;
      continue;
    }
    shown++;
    if (out.length < limit) out.push({ ...s, ...state });
  }
  return { topic: query.topic, scanned, records: out, truncated: shown > out.length, handledHidden };
}
