// Follows a small topic (the ledger, the worklist) from where the last read stopped: each call reads the
// records written since, up to the high watermarks of that moment, and hands each one over exactly once.
// Calls run one after another: two reading the same range at once would hand its records over twice.
import type { KafkaRecord, RecordPort } from '../kafka/recordPort';

export class TopicFollower {
  private readonly positions = new Map<number, bigint>();
  private partitions = 0;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly records: RecordPort,
    readonly topic: string,
  ) {}

  /** Partitions seen at the last read (0 before the first). */
  get partitionCount(): number {
    return this.partitions;
  }

  /** Reads every record written since the last call and gives each to `apply` once, in partition order. */
  readNew(apply: (record: KafkaRecord) => void, signal?: AbortSignal): Promise<void> {
    const run = this.reading.then(() => this.read(apply, signal));
    this.reading = run.catch(() => undefined);
    return run;
  }

  private async read(apply: (record: KafkaRecord) => void, signal?: AbortSignal): Promise<void> {
    const marks = await this.records.watermarks(this.topic);
    this.partitions = marks.length;
    const ranges = marks
      .map((m) => ({
        partition: m.partition,
        from: (this.positions.get(m.partition) ?? BigInt(m.low)).toString(),
        to: m.high,
      }))
      .filter((r) => BigInt(r.from) < BigInt(r.to));
    if (ranges.length === 0) return;
    await this.records.read([{ topic: this.topic, ranges }], {
      signal,
      onBatch: (batch) => {
        for (const record of batch) {
          const position = this.positions.get(record.partition);
          if (position !== undefined && BigInt(record.offset) < position) continue; // already handed over
          apply(record);
          this.advance(record.partition, BigInt(record.offset) + 1n);
        }
      },
      onPosition: (_topic, partition, next) => this.advance(partition, BigInt(next)),
    });
    for (const r of ranges) this.advance(r.partition, BigInt(r.to));
  }

  private advance(partition: number, next: bigint): void {
    if (next > (this.positions.get(partition) ?? 0n)) this.positions.set(partition, next);
  }
}
