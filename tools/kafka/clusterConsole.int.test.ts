// The console against a three-node cluster with one node SIGKILLed: the backend stays connected (the other
// two nodes serve metadata and every partition gets a new leader), and listing topics and redelivering a
// dead letter still work. The node killed is the one leading the dead letter's DLQ partition.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createConsoleBackend, type ConsoleBackend } from '../../main/core/backend';
import { dispatch } from '../../main/core/dispatch';
import { createKafkajsRecords } from '../../main/core/kafka/kafkajsRecords';
import { createMapTopics, testPipelineMap } from '../../main/core/test/testPipeline';
import type { ClusterOverview, ClusterStatus } from '../../shared/cluster';
import { partitionForKey } from '../../shared/partitioner';
import type { RedeliveryJobStatus } from '../../shared/redelivery';
import type { TopicSummary } from '../../shared/topics';
import { uniqueName } from '../test/names';
import { startCluster, type RunningCluster } from './cluster';

let cluster: RunningCluster | undefined;
let backend: ConsoleBackend | undefined;

beforeAll(async () => {
  cluster = await startCluster({ brokers: 3 });
}, 180_000);

afterAll(async () => {
  backend?.dispose();
  await cluster?.stop();
}, 60_000);

/** Polls a channel until it answers ok (a request in flight to the killed node fails once, then is retried). */
async function untilOk(name: string, input: unknown, timeoutMs = 60_000) {
  const started = Date.now();
  let firstError = '';
  for (let attempts = 1; ; attempts++) {
    const result = await dispatch(backend!.handlers, name as never, input as never);
    if (result.ok) return { value: result.value as unknown, ms: Date.now() - started, attempts, firstError };
    firstError ||= `${result.error.code}: ${result.error.message}`;
    if (Date.now() - started > timeoutMs)
      throw new Error(`${name} kept failing for ${timeoutMs} ms: ${result.error.message}`);
    await new Promise((ok) => setTimeout(ok, 250));
  }
}

/** Polls the cluster overview until it lists this many brokers; ms it took. */
async function untilBrokers(count: number, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const overview = await dispatch(backend!.handlers, 'cluster.overview', {});
    if (overview.ok && (overview.value as ClusterOverview).brokers.length === count)
      return Date.now() - started;
    await new Promise((ok) => setTimeout(ok, 250));
  }
  throw new Error(`the overview did not show ${count} brokers within ${timeoutMs} ms`);
}

it('one node SIGKILLed: the console stays connected, lists topics and redelivers a dead letter', async () => {
  const bootstrap = cluster!.bootstrap.split(',');
  const map = testPipelineMap(uniqueName('failover'));
  const stage = map.stages[0]!;
  const records = createKafkajsRecords({ brokers: bootstrap });
  try {
    await createMapTopics(records, map, 2);
    await records.produce([
      {
        topic: stage.dlqTopic,
        partition: partitionForKey('pay-failover', 2),
        key: 'pay-failover',
        value: '{}',
        headers: [{ key: 'kafka_dlt-exception-fqcn', value: new TextEncoder().encode('SmtpError') }],
      },
    ]);
  } finally {
    await records.close();
  }
  await cluster!.waitHealthy();

  backend = createConsoleBackend({ bootstrap });
  await dispatch(backend.handlers, 'cluster.connect', { bootstrap: cluster!.bootstrap });
  await untilOk('topics.list', {});
  expect(await dispatch(backend.handlers, 'pipeline.saveMap', { text: JSON.stringify(map) })).toMatchObject({
    ok: true,
  });

  const victim = (await cluster!.leaders(stage.dlqTopic)).get(partitionForKey('pay-failover', 2))!;
  await cluster!.node(victim).kill('SIGKILL');
  const killedAt = Date.now();

  const listed = await untilOk('topics.list', {});
  const names = (listed.value as TopicSummary[]).map((t) => t.name);
  expect(names).toContain(stage.dlqTopic);
  const status = (await untilOk('cluster.status', {})).value as ClusterStatus;
  expect(status.state).toBe('connected');

  const started = await untilOk('redelivery.start', {
    dlqTopic: stage.dlqTopic,
    selection: { kind: 'all' },
    why: 'node failover test',
    overrideHealth: true,
    overrideReason: 'node failover test: no stage runs',
    ratePerSecond: 100,
  });
  const jobId = (started.value as RedeliveryJobStatus).jobId;
  let job: RedeliveryJobStatus | undefined;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    job = (await untilOk('redelivery.status', { jobId })).value as RedeliveryJobStatus;
    if (job.moved === 1) break;
    await new Promise((ok) => setTimeout(ok, 200));
  }
  expect(job).toMatchObject({ moved: 1, toMove: 1 });
  const after = (await untilOk('cluster.status', {})).value as ClusterStatus;
  expect(after.state).toBe('connected');

  // What a person sees on the Cluster overview: the broker gone, then back after its restart.
  await untilBrokers(2);
  const downShownMs = Date.now() - killedAt;
  const restartedAt = Date.now();
  await cluster!.node(victim).restart();
  await untilBrokers(3);
  const backShownMs = Date.now() - restartedAt;
  expect(downShownMs).toBeLessThan(60_000);
  expect(backShownMs).toBeLessThan(60_000);
  console.log(
    `[console failover] the overview showed 2 of 3 brokers ${downShownMs} ms after the kill and 3 again ${backShownMs} ms after the restart began (JVM start-up included)`,
  );
  console.log(
    `[console failover] node ${victim} (leader of the DLQ partition) SIGKILLed; topics.list answered after ` +
      `${listed.ms} ms (${listed.attempts} attempts; first failure "${listed.firstError}"), redelivery.start after ${started.ms} ms (${started.attempts}); job moved ${job?.moved}/${job?.toMove}`,
  );
});
