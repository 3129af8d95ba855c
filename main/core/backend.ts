// The one composition root of the console backend: builds the ports (Kafka, records, clock, identity, the
// pipeline map) once, hands each domain only what it needs, and composes the handler table. Environment
// variables and the OS user are read here and nowhere else in main/core.
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Handlers } from '../../shared/contract';
import { worklistTopicOf } from '../../shared/topicRoles';
import { maskingPolicyFor } from '../../shared/maskingRecord';
import { withMaskedOutputs } from './access/maskingOutputs';
import type { ConnectionProfile, Identity } from '../../shared/access';
import { createAccessHandlers } from './access/accessHandlers';
import { createPermissionsReader } from './access/permissions';
import { createProfileStore } from './access/profileStore';
import { requireProductionConfirmation } from './access/productionConfirmation';
import { refuseWritesWhenReadOnly } from './access/readOnly';
import { createAuditHandlers } from './audit/auditHandlers';
import { createBrowseHandlers } from './browse/browseHandlers';
import { getRecord, ScanManager } from './browse/scanManager';
import { systemClock, type Clock } from './clock';
import { createClusterHandlers } from './cluster/clusterHandlers';
import { startEventLoopDelayMonitor } from './cluster/eventLoopDelay';
import {
  createConnectionManager,
  describeConnectionFailure,
  type BackoffPolicy,
  type ConnectionManager,
} from './cluster/connection';
import { createDlqHandlers } from './dlq/dlqHandlers';
import { createGroupsUseCases } from './groups/groups';
import { createGroupsHandlers } from './groups/groupsHandlers';
import { createGroupsLive } from './groups/groupsLive';
import { createMemoryHealthHistory, type HealthHistoryStore } from './groups/healthHistory';
import { openSqliteHealthHistory } from './groups/sqliteHealthHistory';
import { createLagHistory } from './groups/lagHistory';
import { startLagWatcher } from './groups/lagWatcher';
import { createStuckSampler, sampledStuckCompute } from './groups/stuckSamples';
import { createStageHealthTracker, type StageHealthOptions } from './groups/stageHealth';
import { countDeadLetters } from './dlq/outstandingDeadLetters';
import { composeHandlers } from './handlers';
import { createLiveHub, type LiveSource } from './live/liveHub';
import { probeConnection } from './kafka/connectionProbe';
import { probeRegistry } from './schemas/registryProbe';
import { savedProfilesFile } from './access/savedProfiles';
import { BROWSER_CONSOLE_REASON, sessionOnlyKeeper, type SecretKeeper } from './access/secretKeeper';
import { createKafkajsCluster, type KafkajsCluster } from './kafka/kafkajsCluster';
import { createKafkajsRecords } from './kafka/kafkajsRecords';
import type { ClientSecurity, KafkaPort, KafkaPortFactory } from './kafka/kafkaPort';
import type { RecordPort } from './kafka/recordPort';
import { createPaymentsHandlers, createStuckCompute } from './payments/paymentsHandlers';
import { startStuckFollower } from './payments/stuckFollower';
import { createPipelineHandlers } from './pipeline/pipelineHandlers';
import { createPipelineMapStore } from './pipeline/mapStore';
import { createPrivacyHandlers } from './privacy/privacyHandlers';
import { createSwitchableMapStore } from './pipeline/switchableMapStore';
import { createRedeliveryHandlers } from './redelivery/redeliveryHandlers';
import { createSettingsHandlers } from './settings/settingsHandlers';
import { openConsoleSettings } from './settings/settingsStore';
import { jobProgressPublisher } from './redelivery/jobLive';
import { RedeliveryService, type RedeliveryServiceDeps } from './redelivery/redeliveryService';
import { createTopicsHandlers } from './topics/topicsHandlers';
import { createWorklistHandlers } from './worklist/worklistHandlers';
import { WorklistLog } from './worklist/worklistLog';
import type { SchemaRegistrySettings } from '../../shared/schemaRegistry';
import { createRegistrySelection } from './schemas/registrySelection';
import { workerScanRunner } from './browse/scanLoop';
import { engineWorkerEntry } from './workers/engineWorkerEntry';
import { createWorkerPool } from './workers/workerPool';
import type { EngineLink } from './workers/engineLink';
import { createEnginePlanner } from './redelivery/planJob';

export interface ConsoleBackend {
  handlers: Handlers;
  /** Change notifications for pages that subscribed (the transports carry them). */
  live: LiveSource;
  connection: ConnectionManager;
  dispose(): Promise<void>;
}

export type RecordPortFactory = (bootstrap: string[]) => RecordPort;

export interface ConsoleBackendOptions {
  /** Connect to this cluster right away (the first attempt runs in the background). */
  bootstrap?: string[];
  clock?: Clock;
  createPort?: KafkaPortFactory;
  createRecords?: RecordPortFactory;
  backoff?: BackoffPolicy;
  sampleIntervalMs?: number;
  /** How often a followed live stuck-payments window is brought up to date while a page listens (default 5 s). */
  stuckFollowIntervalMs?: number;
  /**
   * How often the watcher computes the stages' stuck payments itself when no page has asked lately, so the
   * health history has stuck counts while nobody looks (default 60 s; the first after one interval).
   */
  stuckSampleIntervalMs?: number;
  /** The stage-health window (samples per partition, minimum samples, history retention). */
  health?: StageHealthOptions;
  /**
   * The console's data folder (stage-health history survives a restart there). Default: $EVENTDESK_DATA_DIR;
   * without either the history lives in memory. The Electron shell passes the app's userData folder.
   */
  dataDir?: string | null;
  /** The pipeline map file (JSON); the reference pipeline's map when absent. Default: $EVENTDESK_PIPELINE_MAP. */
  pipelineMapPath?: string;
  /**
   * Who is at the console (provenance headers, ledger) when the connection has no principal. Default:
   * $EVENTDESK_USER, else the OS user. With a SASL or client-certificate principal, this is the context beside it.
   */
  who?: string;
  redelivery?: Partial<Omit<RedeliveryServiceDeps, 'records' | 'map' | 'who' | 'now' | 'onProgress'>>;
  /**
   * The schema registry that decodes Confluent wire-format keys and values; null for none. Default:
   * $EVENTDESK_SCHEMA_REGISTRY (its URL) with $EVENTDESK_SCHEMA_REGISTRY_AUTH ("user:password") if set.
   */
  schemaRegistry?: SchemaRegistrySettings | null;
  /**
   * Run the heavy reads in worker threads (default: yes, unless ports are injected, which a worker,
   * opening its own connection, would not see).
   */
  workers?: boolean;
  /**
   * Keeps typed profile secrets between runs (Electron: safeStorage, `main/electron/secretVault.ts`); without
   * one they last for the run and the next run asks again, saying why.
   */
  secretKeeper?: SecretKeeper;
  /** Connection profiles known from the start (a profiles file); more are added over `access.saveProfile`. */
  profiles?: ConnectionProfile[];
  /** Connect with this profile right away (the first attempt runs in the background). */
  connectProfile?: string;
}

function schemaRegistryFromEnv(): SchemaRegistrySettings | null {
  const url = process.env.EVENTDESK_SCHEMA_REGISTRY;
  if (!url) return null;
  const auth = process.env.EVENTDESK_SCHEMA_REGISTRY_AUTH;
  const colon = auth?.indexOf(':') ?? -1;
  return auth && colon > 0
    ? { url, auth: { username: auth.slice(0, colon), password: auth.slice(colon + 1) } }
    : { url };
}

/** State that belongs to one cluster's record port; a reconnect to other servers starts it afresh. */
interface ClusterScope {
  port: RecordPort;
  scans: ScanManager;
  redelivery: RedeliveryService;
  /** Per worklist topic (the map names it; a map edit may move it). */
  worklists: Map<string, WorklistLog>;
}

/** The history file in the data folder; memory when there is none or it cannot be opened (said once, on stderr). */
function openHistory(dataDir: string | null): HealthHistoryStore {
  if (!dataDir) return createMemoryHealthHistory();
  const file = join(dataDir, 'stage-health.sqlite');
  try {
    return openSqliteHealthHistory(file);
  } catch (error) {
    console.error(
      `Stage-health history kept in memory only: ${file} could not be opened (${error instanceof Error ? error.message : String(error)}).`,
    );
    return createMemoryHealthHistory();
  }
}

export function createConsoleBackend(options: ConsoleBackendOptions = {}): ConsoleBackend {
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const osUser = options.who ?? process.env.EVENTDESK_USER ?? userInfo().username;
  // One kafkajs client per cluster serves both ports: the connection's KafkaPort and the record port
  // built for the same attempt share it (a record port outlives a reconnect to the same servers).
  const clusterOf = new WeakMap<KafkaPort, KafkajsCluster & { security?: ClientSecurity }>();
  const createPort: KafkaPortFactory =
    options.createPort ??
    ((bootstrap, security) => {
      const cluster = createKafkajsCluster(bootstrap, { security });
      clusterOf.set(cluster.kafka, { ...cluster, ...(security ? { security } : {}) });
      return cluster.kafka;
    });
  const createRecords = (bootstrap: string[], kafka: KafkaPort): RecordPort =>
    options.createRecords?.(bootstrap) ??
    clusterOf.get(kafka)?.records ??
    createKafkajsRecords({ brokers: bootstrap });

  const dataDir = options.dataDir === undefined ? (process.env.EVENTDESK_DATA_DIR ?? null) : options.dataDir;
  const historyStore = openHistory(dataDir);
  const settings = openConsoleSettings(dataDir, now);
  // Saved profiles outlive a restart in the data folder; typed secrets only in the keeper (the OS keychain).
  const profiles = createProfileStore(
    dataDir
      ? {
          persistence: savedProfilesFile(dataDir),
          keeper: options.secretKeeper ?? sessionOnlyKeeper(BROWSER_CONSOLE_REASON),
        }
      : {},
  );
  for (const profile of options.profiles ?? []) profiles.hold(profile);
  const connection = createConnectionManager({ createPort, clock, backoff: options.backoff });
  // Where profile secrets are read from at connect time: files and environment variables, in main only.
  const secretDeps = {
    readFile: (path: string) => readFile(path, 'utf8'),
    readEnv: (name: string) => process.env[name],
  };
  // The connected profile's registry, else the console's; schemas cached per registry for the console's life.
  const registries = createRegistrySelection({
    fallback: options.schemaRegistry === undefined ? schemaRegistryFromEnv() : options.schemaRegistry,
    profiles,
    connectedProfile: () => connection.status().access?.profile,
    secrets: secretDeps,
  });
  const decoder = registries.decoder;
  // The person is who the cluster says: the connection's principal, with the OS user for context.
  const identity = (): Identity => {
    const principal = connection.status().access?.principal ?? null;
    return { who: principal ? `${principal} (os user ${osUser})` : osUser, principal, osUser };
  };
  const loopDelay = startEventLoopDelayMonitor();
  const live = createLiveHub();
  const groupsLive = createGroupsLive(live);
  const jobProgress = jobProgressPublisher(live, { now });
  const useWorkers = options.workers ?? (!options.createPort && !options.createRecords);
  const engine = useWorkers ? createWorkerPool(engineWorkerEntry) : null;
  // The worker dials the connected cluster itself, with the profile's security (connected first: the scope
  // throws the connection's own failure when there is none).
  const engineLink: EngineLink | null = engine && {
    pool: engine,
    connection: async () => {
      await clusterScope();
      const security = clusterOf.get(await connection.use(async (port) => port))?.security;
      return { bootstrap: connection.status().bootstrap, ...(security ? { security } : {}) };
    },
  };
  const map = createSwitchableMapStore(
    createPipelineMapStore(options.pipelineMapPath ?? process.env.EVENTDESK_PIPELINE_MAP ?? null),
  );
  void map.load();
  const groups = createGroupsUseCases({
    kafka: (body) => connection.use(body),
    // Resolved per call (the record port belongs to the connected cluster's scope, built below). A KafkaPort
    // injected without a record factory gets none: lag in time then comes from samples alone, instead of a
    // second client opened to servers the injected port may only pretend to be.
    records: () => realRecords(),
    history: createLagHistory(),
    now,
  });

  const realRecords = async () =>
    options.createRecords || clusterOf.has(await connection.use(async (port) => port)) ? records() : null;

  let scope: (ClusterScope & { key: string }) | undefined;
  /** The connected cluster's scope; throws the connection's own not_connected/unreachable failure otherwise. */
  const clusterScope = async (): Promise<ClusterScope> => {
    const kafka = await connection.use(async (port) => port);
    const { bootstrap, access } = connection.status();
    // Another profile (another principal, other credentials) on the same servers gets its own scope.
    const key = `${bootstrap.join(',')}|${access?.profile ?? ''}|${access?.principal ?? ''}`;
    if (scope?.key !== key) {
      const old = scope;
      const port = createRecords(bootstrap, kafka);
      scope = {
        key,
        port,
        scans: new ScanManager(
          port,
          now,
          decoder,
          ...(engineLink ? [workerScanRunner(engineLink, registries.settings)] : []),
        ),
        redelivery: new RedeliveryService({
          ...options.redelivery,
          records: port,
          map: () => map.get(),
          who: () => identity().who,
          now,
          onProgress: jobProgress,
          ...(engineLink ? { planner: createEnginePlanner(engineLink) } : {}),
        }),
        worklists: new Map(),
      };
      if (old) void old.redelivery.stopAll().finally(() => old.port.close().catch(() => undefined));
    }
    return scope;
  };
  const records = async () => (await clusterScope()).port;
  const redelivery = async () => (await clusterScope()).redelivery;
  const worklist = async () => {
    const { port, worklists } = await clusterScope();
    const topic = worklistTopicOf(map.get());
    const log = worklists.get(topic) ?? new WorklistLog(port, topic);
    worklists.set(topic, log);
    return log;
  };

  const health = createStageHealthTracker(historyStore, options.health);
  const stuckSamples = createStuckSampler();
  // Stuck counts for the history while no page asks: one unfiltered last-hour answer per interval, computed in
  // the engine like a page's and kept incremental there (a refresh reads only what arrived since).
  const stuckSampleMs = options.stuckSampleIntervalMs ?? 60_000;
  const stopSampling = new AbortController();
  let stuckSampleAt = now();
  let stuckSampling = false;
  const sampleStuckIfUnasked = () => {
    const at = now();
    const answered = stuckSamples.lastAt();
    if (stuckSampling || at - stuckSampleAt < stuckSampleMs) return;
    if (answered !== null && at - answered < stuckSampleMs) return;
    stuckSampling = true;
    stuckSampleAt = at;
    void stuck({}, stopSampling.signal)
      .catch(() => undefined)
      .finally(() => (stuckSampling = false));
  };
  /** One watcher tick: every group's lag sample, then the stages judged on it. */
  const sampleStages = async () => {
    sampleStuckIfUnasked();
    const current = map.get();
    const sample = await groups.sample(new Set(current.stages.map((s) => s.consumerGroup)));
    groupsLive.sampled(sample);
    const deadLetters = await (async () => {
      const port = await realRecords();
      if (!port) return null;
      return countDeadLetters(port, current, await (await redelivery()).redeliveredDeadLetters());
    })().catch(() => null);
    health.observe(now(), current, sample.focused, deadLetters, stuckSamples.at(now()));
    groupsLive.judged(health.current());
  };

  const computeStuck = createStuckCompute({
    records,
    map: () => map.get(),
    now,
    registry: registries.settings,
    ...(engineLink ? { engine: engineLink } : {}),
  });
  // Every stuck-payments answer (a page's, the follower's) also feeds the stuck counts of the health history.
  const stuck = sampledStuckCompute(computeStuck, stuckSamples);

  const stuckFollower = startStuckFollower({
    compute: stuck,
    publisher: live,
    clock,
    intervalMs: options.stuckFollowIntervalMs,
  });

  // Personal data is masked in every output here, once, whichever domain produced it.
  const composed = withMaskedOutputs(
    composeHandlers(
      createClusterHandlers({
        connection,
        eventLoopDelay: () => loopDelay.read(),
        ...(engine ? { engine: () => engine.stats() } : {}),
        beforeConnect: () => map.use(null),
      }),
      createAccessHandlers({
        profiles,
        connection,
        ...secretDeps,
        probe: (bootstrap, target) =>
          probeConnection(bootstrap, target.security ?? {}, target.access, {
            explain: (error) => describeConnectionFailure(error, bootstrap, target.access),
          }),
        probeRegistry: (profile) => probeRegistry(profile, secretDeps),
        identity,
        selectMap: (path) => map.use(path),
        permissions: createPermissionsReader({
          kafka: (body) => connection.use(body),
          map: () => map.get(),
          principal: () => connection.status().access?.principal ?? null,
          now,
        }),
      }),
      createTopicsHandlers({ connection }),
      createGroupsHandlers({
        groups,
        health,
        now,
        principal: () => connection.status().access?.principal ?? null,
      }),
      createPipelineHandlers({ map, groups, connection }),
      createPaymentsHandlers({
        records,
        map: () => map.get(),
        now,
        stuck,
        follower: stuckFollower,
        ...(engineLink ? { engine: engineLink } : {}),
        registry: registries.settings,
      }),
      createDlqHandlers({
        records,
        map: () => map.get(),
        ledgerMarks: async (dlqTopic) => (await redelivery()).ledgerMarks(dlqTopic),
        ...(engineLink ? { engine: engineLink } : {}),
      }),
      createBrowseHandlers({ records, scans: async () => (await clusterScope()).scans, decoder }),
      createRedeliveryHandlers({ redelivery }),
      createAuditHandlers({ ledger: async () => (await redelivery()).ledger(), now }),
      createPrivacyHandlers({
        readRecord: async (at) => getRecord(await records(), at.topic, at.partition, at.offset),
        ledger: async () => (await redelivery()).ledger(),
        who: () => identity().who,
        now,
      }),
      createWorklistHandlers({ log: worklist, who: () => identity().who, now }),
      createSettingsHandlers({ store: settings, map: () => map.get() }),
    ),
    () => maskingPolicyFor(map.get()),
    () => {
      const name = connection.status().access?.profile;
      return name !== undefined && profiles.list().some((p) => p.name === name && p.unmaskedExport);
    },
  );
  // Read-only first: a read-only production profile is refused as read-only, not asked for its name.
  const access = () => connection.status().access;
  const handlers = refuseWritesWhenReadOnly(requireProductionConfirmation(composed, access), access);

  const watcher = startLagWatcher({
    connection,
    clock,
    sample: sampleStages,
    intervalMs: options.sampleIntervalMs,
  });
  if (options.connectProfile)
    void handlers['access.connect']({ name: options.connectProfile }).catch(() => undefined);
  else if (options.bootstrap && options.bootstrap.length > 0) void connection.connect(options.bootstrap);
  return {
    handlers,
    live,
    connection,
    async dispose() {
      watcher.stop();
      stopSampling.abort();
      stuckFollower.stop();
      loopDelay.stop();
      await engine?.close();
      await scope?.redelivery.stopAll();
      await scope?.port.close().catch(() => undefined);
      scope = undefined;
      await connection.dispose();
      historyStore.close();
    },
  };
}
