// Starts and stops a real multi-node Apache Kafka cluster in KRaft mode on free loopback ports: every node is a
// combined broker + controller, the controllers form a static quorum, and topics are replicated to all nodes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { freePort, newClusterId, startBroker, type RunningBroker } from './broker';

export interface ClusterOptions {
  /** Number of nodes (default 3). */
  brokers?: number;
  /** JVM heap per node (default 256m: enough for test traffic, lean on a small machine). */
  heap?: string;
  /** Extra JVM flags for every node. */
  jvmOptions?: string[];
  /** Extra server.properties lines for every node (they win over the cluster defaults). */
  properties?: Record<string, string | number>;
  log?: (line: string) => void;
}

export interface ClusterNode {
  nodeId: number;
  port: number;
  bootstrap: string;
  logFile: string;
  /** Whether the node's JVM is running (false after kill() until restart()). */
  readonly running: boolean;
  /** Stops the JVM with this signal (SIGKILL by default: no controlled shutdown); its data is kept. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the node again on the same ports and data, and waits until the cluster sees it again. */
  restart(): Promise<void>;
}

export interface RunningCluster {
  /** Every node's broker address, comma-separated. */
  bootstrap: string;
  clusterId: string;
  nodes: ClusterNode[];
  node(nodeId: number): ClusterNode;
  /** A fresh admin client on the cluster (the caller disconnects it). */
  admin(): Promise<Admin>;
  /** Current leader node id of each partition of a topic. */
  leaders(topic: string): Promise<Map<number, number>>;
  /** Resolves once every running node is registered and every partition's ISR holds all its replicas. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** Kills every node and removes the cluster's temporary folders. */
  stop(): Promise<void>;
}

/**
 * Cluster-wide defaults: replicated so that losing one node loses nothing acknowledged (acks=all needs two
 * in-sync copies), and a short broker session so the controller fences a killed node within seconds instead
 * of the default nine.
 */
export function clusterProperties(nodes: number): Record<string, string | number> {
  const replicas = Math.min(3, nodes);
  const minIsr = Math.max(1, replicas - 1);
  return {
    'default.replication.factor': replicas,
    'min.insync.replicas': minIsr,
    'offsets.topic.replication.factor': replicas,
    'transaction.state.log.replication.factor': replicas,
    'transaction.state.log.min.isr': minIsr,
    'share.coordinator.state.topic.replication.factor': replicas,
    'share.coordinator.state.topic.min.isr': minIsr,
    'num.partitions': 3,
    'broker.heartbeat.interval.ms': 500,
    'broker.session.timeout.ms': 4000,
    'num.network.threads': 2,
    'num.io.threads': 2,
    'num.replica.fetchers': 1,
    'log.cleaner.threads': 1,
    'background.threads': 2,
  };
}

/** `1@127.0.0.1:p1,2@127.0.0.1:p2,…`: the static controller quorum every node is formatted and started with. */
export function quorumVoters(controllerPorts: readonly number[]): string {
  return controllerPorts.map((port, i) => `${i + 1}@127.0.0.1:${port}`).join(',');
}

/** `count` distinct free ports (two probes in a row may hand out the same one). */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

export async function startCluster(options: ClusterOptions = {}): Promise<RunningCluster> {
  const size = options.brokers ?? 3;
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`a cluster needs at least one broker, not ${size}`);
  const log = options.log ?? (() => {});
  const root = mkdtempSync(join(tmpdir(), 'eventdesk-cluster-'));
  const ports = await distinctFreePorts(size * 2);
  const brokerPorts = ports.slice(0, size);
  const controllerPorts = ports.slice(size);
  const voters = quorumVoters(controllerPorts);
  const clusterId = newClusterId();
  const properties = { ...clusterProperties(size), ...options.properties };
  const bootstrap = brokerPorts.map((p) => `127.0.0.1:${p}`).join(',');
  const kafka = new Kafka({
    clientId: 'eventdesk-cluster',
    brokers: bootstrap.split(','),
    logLevel: logLevel.NOTHING,
  });

  // Started side by side: no node can finish starting before a majority of the controllers is up.
  const started = await Promise.allSettled(
    brokerPorts.map((port, i) =>
      startBroker({
        port,
        controllerPort: controllerPorts[i],
        nodeId: i + 1,
        controllerQuorumVoters: voters,
        clusterId,
        dataDir: join(root, `node-${i + 1}`),
        heap: options.heap ?? '256m',
        // The client-side JIT and one GC thread: a node starts with far less CPU, and test traffic never
        // needs the optimising compiler.
        jvmOptions: [
          '-XX:TieredStopAtLevel=1',
          '-XX:ParallelGCThreads=1',
          '-XX:ConcGCThreads=1',
          ...(options.jvmOptions ?? []),
        ],
        properties,
        log: (line) => log(`[node ${i + 1}] ${line}`),
      }),
    ),
  );
  const brokers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const stopAll = async () => {
    await Promise.all(brokers.map((b) => b.kill('SIGKILL')));
    await Promise.all(brokers.map((b) => b.stop()));
    rmSync(root, { recursive: true, force: true });
  };
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }

  const withAdmin = async <T>(use: (admin: Admin) => Promise<T>): Promise<T> => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return await use(admin);
    } finally {
      await admin.disconnect().catch(() => {});
    }
  };

  const running = new Set(brokers.map((_, i) => i + 1));

  /** Polls until `check` holds, retrying errors (a node going away makes some requests fail meanwhile). */
  const pollUntil = async (label: string, check: () => Promise<boolean>, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        if (await check()) return;
        lastError = undefined;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() > deadline) {
        const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}${why}`);
      }
      await sleep(250);
    }
  };

  const registered = async (ids: Set<number>) =>
    withAdmin(async (admin) => {
      const { brokers: seen } = await admin.describeCluster();
      const seenIds = new Set(seen.map((b) => b.nodeId));
      return [...ids].every((id) => seenIds.has(id));
    });

  const fullyReplicated = async () =>
    withAdmin(async (admin) => {
      const topics = await admin.listTopics();
      if (topics.length === 0) return true;
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      return metadata.every((t) =>
        t.partitions.every(
          (p) => p.leader >= 0 && p.replicas.every((r) => !running.has(r) || p.isr.includes(r)),
        ),
      );
    });

  const cluster: RunningCluster = {
    bootstrap,
    clusterId,
    nodes: brokers.map((broker, i) => nodeOf(broker, i + 1)),
    node(nodeId) {
      const found = cluster.nodes.find((n) => n.nodeId === nodeId);
      if (!found) throw new Error(`no node ${nodeId} in this cluster`);
      return found;
    },
    admin: async () => {
      const admin = kafka.admin();
      await admin.connect();
      return admin;
    },
    leaders: (topic) =>
      withAdmin(async (admin) => {
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        return new Map(topics[0]!.partitions.map((p) => [p.partitionId, p.leader]));
      }),
    async waitHealthy(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      await pollUntil('every running node to be registered', () => registered(running), timeoutMs);
      await pollUntil(
        'every partition to be fully in sync',
        fullyReplicated,
        Math.max(1000, deadline - Date.now()),
      );
    },
    stop: stopAll,
  };

  function nodeOf(broker: RunningBroker, nodeId: number): ClusterNode {
    return {
      nodeId,
      port: broker.port,
      bootstrap: broker.bootstrap,
      logFile: broker.logFile,
      get running() {
        return running.has(nodeId);
      },
      async kill(signal: NodeJS.Signals = 'SIGKILL') {
        running.delete(nodeId);
        await broker.kill(signal);
        log(`[node ${nodeId}] stopped with ${signal}`);
      },
      async restart() {
        await broker.restart();
        running.add(nodeId);
        await pollUntil(`node ${nodeId} to rejoin`, () => registered(new Set([nodeId])), 60_000);
      },
    };
  }

  try {
    await cluster.waitHealthy(90_000);
  } catch (error) {
    await stopAll();
    throw error;
  }
  log(`cluster ${clusterId} of ${size} nodes ready: ${bootstrap}`);
  return cluster;
}
