// Redelivered records that fail again: the stage forwards them to its retry tiers and, in the end, to its
// DLQ, keeping the provenance headers the console wrote. Following those topics from the job's start shows
// each failure with its error as soon as the stage records it, not minutes later when the retries run out.
import type { PipelineMap, PipelineStage } from '../../../shared/pipelineMap';
import type { RedeliveryFailure } from '../../../shared/redelivery';
import type { KafkaRecord, RecordPort } from '../kafka/recordPort';
import { provenanceOf } from '../records/deadLetterRecord';
import { correlationIdOf, errorOf } from '../records/recordFields';
import { nextAttemptAt } from '../records/retryRecord';

/** How far before the job's first redelivery the watched topics are read (clock skew between hosts). */
const READ_BACK_MS = 5_000;

export class FailureWatcher {
  private readonly byRedeliveryId = new Map<string, RedeliveryFailure>();
  private readonly positions = new Map<string, Map<number, string>>();

  constructor(
    private readonly records: RecordPort,
    private readonly map: PipelineMap,
    private readonly since: number,
  ) {}

  /** The latest failure of one redelivery (by the redelivery id its record carries). */
  get(redeliveryId: string): RedeliveryFailure | undefined {
    return this.byRedeliveryId.get(redeliveryId);
  }

  /** Reads what arrived on the stage's retry topics and DLQ since the last call. */
  async read(stage: PipelineStage, signal?: AbortSignal): Promise<void> {
    const topics = [
      ...stage.retryTopics.map((topic, i) => ({ topic, tier: i + 1 })),
      { topic: stage.dlqTopic, tier: 0 },
    ];
    for (const { topic, tier } of topics) await this.readTopic(topic, tier, signal);
  }

  private async readTopic(topic: string, tier: number, signal?: AbortSignal): Promise<void> {
    const marks = await this.records.watermarks(topic);
    if (marks.length === 0) return;
    let pos = this.positions.get(topic);
    if (!pos) {
      const start = await this.records.offsetsForTime(topic, this.since - READ_BACK_MS);
      pos = new Map(start.map((s) => [s.partition, s.offset]));
      this.positions.set(topic, pos);
    }
    const ranges = marks
      .map((m) => ({ partition: m.partition, from: pos.get(m.partition) ?? m.low, to: m.high }))
      .filter((r) => BigInt(r.from) < BigInt(r.to));
    if (ranges.length === 0) return;
    await this.records.read([{ topic, ranges }], {
      signal,
      onBatch: (batch) => {
        for (const record of batch) this.apply(record, tier);
      },
    });
    for (const r of ranges) pos.set(r.partition, r.to);
  }

  private apply(record: KafkaRecord, tier: number): void {
    const provenance = provenanceOf(record);
    const id = provenance?.redeliveryId;
    if (!provenance || !id) return;
    const before = this.byRedeliveryId.get(id);
    if (before && before.at > record.timestamp) return;
    const final = tier === 0;
    this.byRedeliveryId.set(id, {
      paymentId: correlationIdOf(record, this.map.correlationKey),
      dlq: provenance.dlq,
      topic: record.topic,
      at: record.timestamp,
      error: errorOf(record),
      final,
      ...(final ? {} : { nextAttemptAt: nextAttemptAt(record, tier) }),
    });
  }
}
