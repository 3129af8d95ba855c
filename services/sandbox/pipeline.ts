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
import { ensureTopics, stageTopicConfigs } from '../runtime/topology';
import { stageRegistry } from '../stages/registry';
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
  sourcePartitions?: number;
  /** Appended to each stage's consumer group (`receipts-<suffix>`), so tests never share a group. */
  groupSuffix?: string;
  /** Consumer session timeout of the stages (default 10 s; 6 s is the broker's minimum). */
  sessionTimeoutMs?: number;
  /** Retry delays for every stage (default 1 s, 10 s, 60 s). */
  tierDelaysMs?: number[];
  /** Which stages to run (default: every stage in the registry). */
  stages?: string[];
  /** Open-loop traffic at this rate; false (default) for none. */
  traffic?: { ratePerSec: number; durationMs?: number } | false;
  /** Start the payment API and card processor (default true). */
  paymentApi?: boolean;
  faults?: FaultStep[];
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
  /** Running stage processes by stage name (replaced on restart). */
  stages: Map<string, StageProcess>;
  /** Health URLs of the stages, as of their last start. */
  stageHealth: Map<string, string | null>;
  /** Where each stage keeps its stores (e.g. the cashback ledger): `<dataDir>/stages/<stage>`. */
  stageDataDir(stage: string): string;
  /** The consumer group of a stage (its name, plus the suffix if one was given). */
  groupOf(stage: string): string;
  killStage(stage: string, signal?: NodeJS.Signals): Promise<void>;
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
      { topic: sourceTopic, numPartitions: options.sourcePartitions ?? 3 },
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
  const killing = new WeakSet<StageProcess>();
  let stopping = false;
  const stageHealth = new Map<string, string | null>();

  const startStage = async (stage: string) => {
    const child = spawnStageProcess(
      {
        stage,
        bootstrap: options.bootstrap,
        dataDir: stageDataDir(stage),
        smtp: `${smtp.host}:${smtp.port}`,
        smsUrl: sms.url,
        tiers: tiers.join(','),
        source: sourceTopic,
        group: groupOf(stage),
        sessionTimeoutMs: options.sessionTimeoutMs,
      },
      log,
    );
    stages.set(stage, child);
    // A stage that ends without being asked to is a state change the sandbox's reader needs to see.
    void child.exited.then((code) => {
      if (!stopping && !killing.has(child)) log(`stage ${stage} exited (code ${code}, pid ${child.pid})`);
    });
    const { healthUrl } = await child.ready;
    stageHealth.set(stage, healthUrl);
    log(`stage ${stage} ready (pid ${child.pid}, health ${healthUrl ?? 'none'})`);
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

  const killStage = async (stage: string, signal: NodeJS.Signals = 'SIGTERM') => {
    const child = stages.get(stage);
    if (!child) return;
    killing.add(child);
    await child.kill(signal);
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
    stageHealth,
    stageDataDir,
    groupOf,
    killStage,
    restartStage,
    async stop() {
      stopping = true;
      faults?.cancel();
      await traffic?.stop();
      await api?.close();
      await Promise.all([...stages.values()].map((s) => s.kill('SIGTERM')));
      await processor?.close();
      await smtp.stop();
      await sms.stop();
    },
  };
}
