// DLQ triage: every DLQ of the map plus any other topic whose records carry dead-letter headers; records
// grouped by error fingerprint. A record with missing or garbled headers is still listed, marked.
import { decodeDeadLetterHeaders, type DeadLetterFormat } from '../../../shared/dlqHeaders';
import { isDeadLetterHeader } from '../../../shared/deadLetterHeaderNames';
import type { PipelineMap } from '../../../shared/pipelineMap';
import type {
  DlqErrorGroup,
  DlqGroupsResult,
  DlqRecordSummary,
  DlqRecordsResult,
  DlqTopicSummary,
} from '../../../shared/dlq';
import { notFound } from '../appFailure';
import type { KafkaRecord, RecordPort, TopicRanges } from '../kafka/recordPort';
import { summarizeDlqRecord, UNKNOWN_FINGERPRINT } from '../records/deadLetterRecord';
import { sumRecordCount } from '../records/offsets';
import { toRawHeaders } from '../records/recordFields';

const SAMPLE_PER_PARTITION = 3n;
const DLQ_NAME = /(?:^|[._-])(?:dlq|dlt|dead[._-]?letters?|deadletter)(?:$|[._-])/i;
const DEFAULT_MAX_RECORDS = 100_000;

export interface DlqDeps {
  records: RecordPort;
  map: PipelineMap;
  signal?: AbortSignal;
}

/** Every DLQ in the map, and other topics found to carry dead-letter headers (or named like a DLQ). */
export async function listDlqTopics(deps: DlqDeps): Promise<DlqTopicSummary[]> {
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

  const out: DlqTopicSummary[] = map.stages.map((s) => {
    const marks = marksByTopic.get(s.dlqTopic) ?? [];
    return {
      topic: s.dlqTopic,
      stage: s.name,
      detectedBy: 'map',
      partitions: marks.length,
      messages: sumRecordCount(marks),
      formats: [...(formats.get(s.dlqTopic) ?? [])],
      exists: marks.length > 0,
    };
  });
  for (const topic of candidates) {
    const byHeaders = formats.has(topic);
    if (!byHeaders && !DLQ_NAME.test(topic)) continue;
    const marks = marksByTopic.get(topic) ?? [];
    out.push({
      topic,
      detectedBy: byHeaders ? 'headers' : 'name',
      partitions: marks.length,
      messages: sumRecordCount(marks),
      formats: [...(formats.get(topic) ?? [])],
      exists: true,
    });
  }
  return out;
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

export async function groupDlqErrors(
  deps: DlqDeps,
  topic: string,
  maxRecords = DEFAULT_MAX_RECORDS,
): Promise<DlqGroupsResult> {
  const groups = new Map<string, DlqErrorGroup & { formatSet: Set<DeadLetterFormat> }>();
  const { scanned, partial } = await readDlq(deps, topic, maxRecords, (record) => {
    const s = summarizeDlqRecord(record, deps.map);
    let g = groups.get(s.fingerprint);
    if (!g) {
      g = {
        fingerprint: s.fingerprint,
        exceptionClass: s.exceptionClass,
        sampleMessage: s.message,
        count: 0,
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
  const list = [...groups.values()]
    .map(({ formatSet, ...g }) => ({ ...g, formats: [...formatSet] }))
    .sort((a, b) => b.count - a.count || b.lastSeen - a.lastSeen);
  return { topic, scanned, partial, groups: list };
}

export async function listDlqRecords(
  deps: DlqDeps,
  query: { topic: string; fingerprint?: string; paymentId?: string; maxRecords?: number; limit?: number },
): Promise<DlqRecordsResult> {
  const limit = query.limit ?? 500;
  const out: DlqRecordSummary[] = [];
  let matched = 0;
  const { scanned } = await readDlq(deps, query.topic, query.maxRecords ?? DEFAULT_MAX_RECORDS, (record) => {
    const s = summarizeDlqRecord(record, deps.map);
    if (query.fingerprint !== undefined && s.fingerprint !== query.fingerprint) return;
    if (query.paymentId !== undefined && s.paymentId !== query.paymentId) return;
    matched++;
    if (out.length < limit) out.push(s);
  });
  return { topic: query.topic, scanned, records: out, truncated: matched > out.length };
}
