// Creating a topic is not the same as being able to use it. Under KRaft the controller answers CreateTopics
// once the records are committed; each broker applies them later, updating its metadata cache before its
// replica manager hosts the partition (KAFKA-15780). In that window Metadata answers UNKNOWN_TOPIC_OR_PARTITION
// and ListOffsets/Produce/Fetch answer NOT_LEADER_OR_FOLLOWER. kafkajs's `waitForLeaders` only retries
// LEADER_NOT_AVAILABLE, so it fails with "This server does not host this topic-partition" for a topic it just
// created. These helpers wait until every partition answers a ListOffsets request, i.e. is really served.
import { setTimeout as sleep } from 'node:timers/promises';

/** The slice of an admin client these helpers need (kafkajs's Admin fits it). */
export interface TopicAdmin {
  listTopics(): Promise<string[]>;
  createTopics(options: { topics: TopicSpec[]; waitForLeaders?: boolean }): Promise<boolean>;
  fetchTopicOffsets(topic: string): Promise<unknown[]>;
}

export interface TopicSpec {
  topic: string;
  numPartitions?: number;
  replicationFactor?: number;
  configEntries?: Array<{ name: string; value: string }>;
}

/** Errors a broker gives for a partition it does not serve yet (or any more): worth asking again. */
const NOT_SERVED_YET = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
  'NOT_LEADER_OR_FOLLOWER',
]);

export function isNotServedYet(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' && NOT_SERVED_YET.has(type);
}

/** Resolves once every partition of `topic` (at least `partitions` of them) has a leader that serves it. */
export async function waitForTopicServed(
  admin: TopicAdmin,
  topic: string,
  partitions = 1,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      // ListOffsets on every partition: answered only by a leader whose replica manager hosts it.
      if ((await admin.fetchTopicOffsets(topic)).length >= partitions) return;
      last = new Error(`fewer than ${partitions} partitions`);
    } catch (error) {
      if (!isNotServedYet(error)) throw error;
      last = error;
    }
    if (Date.now() >= deadline) {
      const reason = last instanceof Error ? last.message : String(last);
      throw new Error(
        `topic "${topic}" exists but its partitions were not served within ${timeoutMs} ms (${reason})`,
      );
    }
    await sleep(100);
  }
}

/**
 * Creates the topics that do not exist yet (one created meanwhile by someone else is fine) and waits until
 * every partition of every topic is served. Topics that already exist are never sent to CreateTopics, so a
 * client without the CREATE permission can still "ensure" them.
 */
export async function ensureTopicsServed(
  admin: TopicAdmin,
  topics: TopicSpec[],
  timeoutMs = 30_000,
): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.topic));
  if (missing.length > 0) {
    try {
      // kafkajs resolves false when every topic already exists; a mix is an aggregate error.
      await admin.createTopics({ topics: missing, waitForLeaders: false });
    } catch (error) {
      if (!(error instanceof Error && /already exists/i.test(error.message + JSON.stringify(error))))
        throw error;
    }
  }
  // A topic that already existed keeps its own partition count; one created here must show all of them.
  const expected = (t: TopicSpec) =>
    !existing.has(t.topic) && t.numPartitions !== undefined && t.numPartitions > 0 ? t.numPartitions : 1;
  for (const t of topics) await waitForTopicServed(admin, t.topic, expected(t), timeoutMs);
}
