// The worklist topic: every console appends its changes and reads everyone's, in log order. All entries about
// one item share a partition (chosen by the item's key), so that partition's order decides which of two
// concurrent changes won, and every console reading it reaches the same answer.
import { randomUUID } from 'node:crypto';
import { partitionForKey } from '../../../shared/partitioner';
import {
  subjectKey,
  type WorklistAction,
  type WorklistItem,
  type WorklistSubject,
} from '../../../shared/worklist';
import type { KafkaRecord, RecordPort } from '../kafka/recordPort';
import { bytesToId } from '../records/recordFields';
import { TopicFollower } from '../records/topicFollower';
import { applyEntry, parseEntry, type ApplyOutcome, type WorklistEntry } from './worklistItems';

export const WORKLIST_PARTITIONS = 3;

export interface WrittenChange {
  item: WorklistItem;
  outcome: ApplyOutcome;
}

export class WorklistLog {
  private readonly items = new Map<string, WorklistItem>();
  /** Outcomes of this console's own entries, taken by `write` once its catch-up has read them. */
  private readonly awaited = new Map<string, ApplyOutcome>();
  private ensured = false;
  private readonly follower: TopicFollower;

  constructor(
    private readonly records: RecordPort,
    readonly topic: string,
  ) {
    this.follower = new TopicFollower(records, topic);
  }

  /** Creates the topic on first use; unique keys per entry, so compaction never drops a change. */
  private async ensure(): Promise<void> {
    if (this.ensured) return;
    await this.records.ensureTopic(this.topic, { partitions: WORKLIST_PARTITIONS, compacted: true });
    this.ensured = true;
  }

  /** Reads every entry written since the last catch-up. */
  async catchUp(signal?: AbortSignal): Promise<void> {
    await this.ensure();
    await this.follower.readNew((record) => this.apply(record), signal);
  }

  private apply(record: KafkaRecord): void {
    const entry = record.value === null ? null : parseEntry(bytesToId(record.value));
    if (!entry) return; // not ours: ignored, never fatal
    const key = subjectKey(entry.subject);
    const { item, outcome } = applyEntry(this.items.get(key), entry, record.offset);
    this.items.set(key, item);
    if (this.awaited.has(entry.entryId)) this.awaited.set(entry.entryId, outcome);
  }

  all(): WorklistItem[] {
    return [...this.items.values()];
  }

  item(subject: WorklistSubject): WorklistItem | undefined {
    return this.items.get(subjectKey(subject));
  }

  /** Appends one change and reads the log up to it, so the answer is what every console will see. */
  async write(change: {
    subject: WorklistSubject;
    action: WorklistAction;
    who: string;
    at: number;
    basedOn: string | null;
  }): Promise<WrittenChange> {
    await this.catchUp();
    const entry: WorklistEntry = { type: 'worklist', entryId: randomUUID(), ...change };
    const key = subjectKey(change.subject);
    const pending: ApplyOutcome = { applied: false, winner: undefined };
    this.awaited.set(entry.entryId, pending);
    try {
      const [produced] = await this.records.produce([
        {
          topic: this.topic,
          partition: partitionForKey(key, Math.max(1, this.follower.partitionCount)),
          key: `${key}#${entry.entryId}`,
          value: JSON.stringify(entry),
        },
      ]);
      // acks=all: once produced, the high watermark covers the entry, so this catch-up reads it.
      await this.catchUp();
      const outcome = this.awaited.get(entry.entryId);
      const item = this.items.get(key);
      if (!produced || !item || outcome === pending || outcome === undefined) {
        throw new Error(`the worklist entry for ${key} was written but not read back from ${this.topic}`);
      }
      return { item, outcome };
    } finally {
      this.awaited.delete(entry.entryId);
    }
  }
}
