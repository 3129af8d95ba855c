// The whole reference pipeline on one machine: topics, SMTP sink, SMS provider, card processor, payment API
// (event mode), the five stages as child processes, and optionally the traffic generator and a fault schedule.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { PipelineMap } from '../../shared/pipelineMap';
import {
  DEFAULT_RETRY_TIER_DELAYS_MS,
  REDELIVERY_LEDGER_TOPIC,
  SOURCE_TOPIC,
} from '../../shared/referencePipeline';
import { startPaymentApi, type PaymentApi } from '../api/server';
import { startCardProcessor, type CardProcessor } from '../processor/server';
import { DEFAULT_STAGE_PARTITIONS, ensureTopics, stageTopicConfigs } from '../runtime/topology';
import { stageRegistry } from '../stages/registry';
import { createAvroValueWriter } from '../runtime/avroValues';
import { startTraffic, type Traffic } from '../traffic/generator';
import { consolePipelineMap, writePipelineMapFile } from './consoleMap';
import { runFaultSchedule, type FaultStep, type RunningFaults } from './faults';
import { startSmsProvider, type SmsProvider } from './smsProvider';
import { startSmtpSink, type SmtpSink } from './smtpSink';
import { spawnStageProcess, type StageProcess } from './stageProcess';

export interface PipelineSandboxOptions {
  bootstrap: string;
  /** Everything the pipeline writes (API SQLite, stage stores, ledgers) goes under here. */
  dataDir: string;
  log?: (line: string) => void;
  /** Defaults to payments.succeeded; tests pass unique names. */
  sourceTopic?: string;
  /** Partitions of the source topic (default 6, or as many as the largest instance count). */
  sourcePartitions?: number;
  /** Appended to each stage's consumer group (`receipts-<suffix>`), so tests never share a group. */
  groupSuffix?: string;
  /** Consumer session timeout of the stages (default 10 s; 6 s is the broker's minimum). */
  sessionTimeoutMs?: number;
  /** Retry delays for every stage (default 1 s, 10 s, 60 s). */
  tierDelaysMs?: number[];
  /** Which stages to run (default: every stage in the registry). */
  stages?: string[];
  /**
   * Processes per stage, all members of the stage's one consumer group: a number for every stage, or per stage
   * (`{ receipts: 3 }`; the others run one). Default 1.
   */
  instances?: number | Record<string, number>;
  /** Open-loop traffic at this rate; false (default) for none. */
  traffic?: { ratePerSec: number; durationMs?: number } | false;
  /** Start the payment API and card processor (default true). */
  paymentApi?: boolean;
  faults?: FaultStep[];
  /**
   * Avro values: the payment API's relay registers payment_success in this schema registry (its
   * Confluent-compatible API) and writes values in the Confluent wire format; the stages decode them by id.
   */
  avro?: { schemaRegistry: string };
}

export interface PipelineSandbox {
  sourceTopic: string;
  /** The map of the stages this sandbox runs, as handed to the console. */
  pipelineMap: PipelineMap;
  /** `<dataDir>/pipeline-map.json`: point EVENTDESK_PIPELINE_MAP at it. */
  pipelineMapPath: string;
  smtp: SmtpSink;
  sms: SmsProvider;
  processor: CardProcessor | null;
  api: PaymentApi | null;
  traffic: Traffic | null;
  faults: RunningFaults | null;
  /** The first running process of each stage, by stage name (replaced on restart). */
  stages: Map<string, StageProcess>;
  /** Every running process of each stage, in instance order (index 0 is the one in `stages`). */
  stageInstances: Map<string, StageProcess[]>;
  /** Health URLs of the stages' first instances, as of their last start. */
  stageHealth: Map<string, string | null>;
  /** Health URLs of every instance of each stage, in instance order. */
  stageInstanceHealth: Map<string, Array<string | null>>;
  /** Where each stage keeps its stores (e.g. the cashback ledger): `<dataDir>/stages/<stage>`. */
  stageDataDir(stage: string): string;
  /** The consumer group of a stage (its name, plus the suffix if one was given). */
  groupOf(stage: string): string;
  /** Stops every instance of a stage. */
  killStage(stage: string, signal?: NodeJS.Signals): Promise<void>;
  /** Stops one instance of a stage; the group's other members take over its partitions. */
  killInstance(stage: string, index: number, signal?: NodeJS.Signals): Promise<void>;
  restartStage(stage: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startPipelineSandbox(options: PipelineSandboxOptions): Promise<PipelineSandbox> {
  const log = options.log ?? (() => {});
  const sourceTopic = options.sourceTopic ?? SOURCE_TOPIC;
  const tiers = options.tierDelaysMs ?? [...DEFAULT_RETRY_TIER_DELAYS_MS];
  const stageNames = options.stages ?? stageRegistry.map((s) => s.name);
  const definitions = stageNames.map((name) => {
    const definition = stageRegistry.find((s) => s.name === name);
    if (!definition) throw new Error(`unknown stage "${name}"`);
    return definition;
  });
  const instancesOf = (stage: string): number => {
    const n = typeof options.instances === 'number' ? options.instances : (options.instances?.[stage] ?? 1);
    if (!Number.isInteger(n) || n < 1) throw new Error(`stage "${stage}": ${n} instances is not a count`);
    return n;
  };
  for (const stage of Object.keys(typeof options.instances === 'object' ? options.instances : {}))
    if (!stageNames.includes(stage)) throw new Error(`instances given for "${stage}", which is not run`);
  // An instance beyond the partition count would sit in the group with nothing assigned.
  const partitions = Math.max(DEFAULT_STAGE_PARTITIONS, ...stageNames.map(instancesOf));
  mkdirSync(options.dataDir, { recursive: true });
  const groupOf = (stage: string) => (options.groupSuffix ? `${stage}-${options.groupSuffix}` : stage);
  const pipelineMap = consolePipelineMap(definitions, {
    sourceTopic,
    ledgerTopic: REDELIVERY_LEDGER_TOPIC,
    retryTiers: tiers.length,
    groupOf,
  });
  const pipelineMapPath = join(options.dataDir, 'pipeline-map.json');
  writePipelineMapFile(pipelineMapPath, pipelineMap);

  const kafka = new Kafka({
    clientId: 'eventdesk-sandbox',
    brokers: options.bootstrap.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, [
      { topic: sourceTopic, numPartitions: options.sourcePartitions ?? partitions },
      {
        topic: REDELIVERY_LEDGER_TOPIC,
        numPartitions: 1,
        configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
      },
      ...definitions.flatMap((d) =>
        stageTopicConfigs({
          stage: d.name,
          sourceTopic,
          tierCount: tiers.length,
          outcomeTopic: d.outcomeTopic,
          partitions,
        }),
      ),
    ]);
  } finally {
    await admin.disconnect();
  }

  const smtp = await startSmtpSink({ log });
  const sms = await startSmsProvider();
  const stageDataDir = (stage: string) => join(options.dataDir, 'stages', stage);
  const stages = new Map<string, StageProcess>();
  const stageInstances = new Map<string, StageProcess[]>();
  const killing = new WeakSet<StageProcess>();
  let stopping = false;
  const stageHealth = new Map<string, string | null>();
  const stageInstanceHealth = new Map<string, Array<string | null>>();

  const startInstance = async (stage: string, index: number, count: number) => {
    const name = count > 1 ? `${stage}#${index + 1}` : stage;
    const child = spawnStageProcess(
      {
        stage,
        bootstrap: options.bootstrap,
        smtp: `${smtp.host}:${smtp.port}`,
        smsUrl: sms.url,
        tiers: tiers.join(','),
        source: sourceTopic,
        group: groupOf(stage),
        sessionTimeoutMs: options.sessionTimeoutMs,
        // Every instance shares the stage's data dir (its processed-event store and its own ledger), as
        // production instances share a database: a partition that moves keeps its dedupe history.
        dataDir: stageDataDir(stage),
        clientId: count > 1 ? `eventdesk-stage-${stage}-${index + 1}` : undefined,
        schemaRegistry: options.avro?.schemaRegistry,
      },
      log,
    );
    const running = stageInstances.get(stage) ?? [];
    running[index] = child;
    stageInstances.set(stage, running);
    if (index === 0) stages.set(stage, child);
    // A stage that ends without being asked to is a state change the sandbox's reader needs to see.
    void child.exited.then((code) => {
      if (!stopping && !killing.has(child)) log(`stage ${name} exited (code ${code}, pid ${child.pid})`);
    });
    const { healthUrl } = await child.ready;
    const health = stageInstanceHealth.get(stage) ?? [];
    health[index] = healthUrl;
    stageInstanceHealth.set(stage, health);
    if (index === 0) stageHealth.set(stage, healthUrl);
    log(`stage ${name} ready (pid ${child.pid}, health ${healthUrl ?? 'none'})`);
  };
  const startStage = async (stage: string) => {
    const count = instancesOf(stage);
    await Promise.all(Array.from({ length: count }, (_, i) => startInstance(stage, i, count)));
  };
  await Promise.all(stageNames.map(startStage));

  let processor: CardProcessor | null = null;
  let api: PaymentApi | null = null;
  if (options.paymentApi !== false) {
    processor = await startCardProcessor({});
    api = await startPaymentApi({
      mode: 'event',
      bootstrap: options.bootstrap,
      dataDir: join(options.dataDir, 'api'),
      processorUrl: processor.url,
      topic: sourceTopic,
      ...(options.avro
        ? { relay: { values: createAvroValueWriter({ url: options.avro.schemaRegistry }) } }
        : {}),
      log,
    });
    log(`payment API on ${api.url}, card processor on ${processor.url}`);
  }
  const traffic =
    options.traffic && api
      ? startTraffic({
          apiUrl: api.url,
          ratePerSec: options.traffic.ratePerSec,
          durationMs: options.traffic.durationMs,
          log,
        })
      : null;

  const killInstance = async (stage: string, index: number, signal: NodeJS.Signals = 'SIGTERM') => {
    const child = stageInstances.get(stage)?.[index];
    if (!child) return;
    killing.add(child);
    await child.kill(signal);
  };
  const killStage = async (stage: string, signal: NodeJS.Signals = 'SIGTERM') => {
    await Promise.all((stageInstances.get(stage) ?? []).map((_, i) => killInstance(stage, i, signal)));
  };
  const restartStage = async (stage: string) => {
    await killStage(stage, 'SIGTERM');
    await startStage(stage);
  };
  const faults = options.faults
    ? runFaultSchedule(
        options.faults,
        {
          setProviderMode: (target, mode) => (target === 'smtp' ? smtp.setMode(mode) : sms.setMode(mode)),
          killStage: (stage, signal) => killStage(stage, signal),
          restartStage: (stage) => startStage(stage),
        },
        log,
      )
    : null;

  return {
    sourceTopic,
    pipelineMap,
    pipelineMapPath,
    smtp,
    sms,
    processor,
    api,
    traffic,
    faults,
    stages,
    stageInstances,
    stageHealth,
    stageInstanceHealth,
    stageDataDir,
    groupOf,
    killStage,
    killInstance,
    restartStage,
    async stop() {
      stopping = true;
      faults?.cancel();
      await traffic?.stop();
      await api?.close();
      await Promise.all([...stageInstances.values()].flat().map((s) => s.kill('SIGTERM')));
      await processor?.close();
      await smtp.stop();
      await sms.stop();
    },
  };
}
