// The redelivery gate: is the stage still failing? Evidence from Kafka, not from the group's membership:
// what reached the stage's retry topics and DLQ in the last minute (offsets-for-times at now − window against
// the log end, then a bounded read of the newest of those records for their error, normalised), and when the
// stage last finished a payment (the newest record on its outcome topic). A stage that failed in the window
// and finished nothing since its last failure is still failing: a start is refused unless overridden.
import { normalizeErrorMessage } from '../../../shared/dlqHeaders';
import { stageForDlq, type PipelineMap } from '../../../shared/pipelineMap';
import { GATE_WINDOW_MS, type GateError, type StageEvidence } from '../../../shared/redelivery';
import type { KafkaRecord, PartitionRange, RecordPort } from '../kafka/recordPort';
import { errorOf } from '../records/recordFields';

export interface EvidenceOptions {
  windowMs?: number;
  /** The newest records read per partition of each watched topic, for their error (the rest are counted). */
  samplePerPartition?: number;
  signal?: AbortSignal;
}

interface TopicWindow {
  count: number;
  ranges: PartitionRange[];
}

/** How many records each partition received since `since`, and the ranges of the newest `sample` of them. */
async function windowOf(
  records: RecordPort,
  topic: string,
  since: number,
  sample: number,
): Promise<TopicWindow | null> {
  const marks = await records.watermarks(topic);
  if (marks.length === 0) return null;
  const starts = new Map((await records.offsetsForTime(topic, since)).map((s) => [s.partition, s.offset]));
  let count = 0;
  const ranges: PartitionRange[] = [];
  for (const m of marks) {
    const high = BigInt(m.high);
    const raw = starts.get(m.partition);
    // No record at or after the time: Kafka answers -1 (kafkajs maps it to the log end).
    let from = raw === undefined || raw === '-1' ? high : BigInt(raw);
    if (from < BigInt(m.low)) from = BigInt(m.low);
    if (from >= high) continue;
    count += Number(high - from);
    const sampleFrom = high - BigInt(sample) > from ? high - BigInt(sample) : from;
    ranges.push({ partition: m.partition, from: sampleFrom.toString(), to: m.high });
  }
  return { count, ranges };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The sentence a person reads on the dialog and in a refusal. */
export function failingProblem(e: Omit<StageEvidence, 'problem' | 'failing'>): string {
  const parts: string[] = [];
  if (e.newDeadLetters > 0) parts.push(plural(e.newDeadLetters, 'new dead letter', 'new dead letters'));
  if (e.newRetries > 0) parts.push(plural(e.newRetries, 'new retry', 'new retries'));
  const seconds = Math.round(e.windowMs / 1000);
  const cause = e.errors[0]?.message;
  const since = e.outcomeTopic ? '; no payment finished the stage since the last failure' : '';
  return `Still failing: ${parts.join(' and ')} in the last ${seconds} s${cause ? ` (${cause})` : ''}${since}`;
}

/** Reads the stage's evidence; bounded (a sample per partition) and cancellable through `signal`. */
export async function readStageEvidence(
  records: RecordPort,
  map: PipelineMap,
  dlqTopic: string,
  now: number,
  options: EvidenceOptions = {},
): Promise<StageEvidence> {
  const windowMs = options.windowMs ?? GATE_WINDOW_MS;
  const sample = options.samplePerPartition ?? 50;
  const stage = stageForDlq(map, dlqTopic) ?? null;
  const since = now - windowMs;
  const watched = [
    ...(stage?.retryTopics ?? []).map((topic) => ({ topic, dead: false })),
    { topic: stage?.dlqTopic ?? dlqTopic, dead: true },
  ];
  let newDeadLetters = 0;
  let newRetries = 0;
  let sampled = 0;
  // Written from read callbacks: an object, so the compiler does not narrow it to its initial null.
  const seen: { lastFailureAt: number | null; lastOutcomeAt: number | null } = {
    lastFailureAt: null,
    lastOutcomeAt: null,
  };
  const errors = new Map<string, number>();
  const onRecord = (r: KafkaRecord) => {
    // Records stamped before the window (a producer's clock, a batch's timestamp) still count as read.
    sampled++;
    seen.lastFailureAt = Math.max(seen.lastFailureAt ?? 0, r.timestamp);
    const error = errorOf(r);
    if (error) {
      const message = normalizeErrorMessage(error);
      errors.set(message, (errors.get(message) ?? 0) + 1);
    }
  };
  for (const { topic, dead } of watched) {
    const w = await windowOf(records, topic, since, sample);
    if (!w || w.count === 0) continue;
    if (dead) newDeadLetters += w.count;
    else newRetries += w.count;
    await records.read([{ topic, ranges: w.ranges }], {
      signal: options.signal,
      onBatch: (batch) => batch.forEach(onRecord),
    });
  }
  const outcomeTopic = stage?.outcomeTopic ?? null;
  if (outcomeTopic) {
    // The newest record of each partition: when the stage last finished a payment.
    const marks = await records.watermarks(outcomeTopic);
    const ranges = marks
      .filter((m) => BigInt(m.high) > BigInt(m.low))
      .map((m) => ({ partition: m.partition, from: (BigInt(m.high) - 1n).toString(), to: m.high }));
    if (ranges.length > 0)
      await records.read([{ topic: outcomeTopic, ranges }], {
        signal: options.signal,
        onBatch: (batch) => {
          for (const r of batch) seen.lastOutcomeAt = Math.max(seen.lastOutcomeAt ?? 0, r.timestamp);
        },
      });
  }
  const top: GateError[] = [...errors]
    .map(([message, count]) => ({ message, count }))
    .sort((a, b) => b.count - a.count)
    .slice(0, 3);
  const evidence = {
    stage: stage?.name ?? null,
    dlqTopic,
    windowMs,
    checkedAt: now,
    newDeadLetters,
    newRetries,
    errors: top,
    sampled,
    ...seen,
    outcomeTopic,
  };
  const failed = newDeadLetters + newRetries > 0;
  const { lastFailureAt, lastOutcomeAt } = seen;
  const recovered = lastOutcomeAt !== null && lastFailureAt !== null && lastOutcomeAt > lastFailureAt;
  const failing = failed && !recovered;
  return failing ? { ...evidence, failing, problem: failingProblem(evidence) } : { ...evidence, failing };
}
