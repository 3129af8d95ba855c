// The issue-5 channels (stuck payments, lookup, DLQ triage, browse, redelivery, audit) as a handler
// factory; handlers.ts merges them into the console's one handler table.
import type { Channel, Handlers } from '../../../shared/contract';
import { AppFailure } from '../appFailure';
import type { RecordPort } from '../kafka/recordPort';
import { exportAudit, listAudit } from '../audit/audit';
import { FilterSyntaxError } from '../browse/recordFilter';
import { getRecord, ScanManager, UnknownScanError } from '../browse/scanManager';
import { groupDlqErrors, listDlqRecords, listDlqTopics } from '../dlq/dlqTriage';
import { RedeliveryRefused, RedeliveryService, type RedeliveryServiceDeps } from '../redelivery/redeliveryService';
import { findPayment } from './findPayment';
import { InvalidMapError, type PipelineMapStore } from './mapStore';
import { computeStuckPayments } from './stuckPayments';

/** The channels this factory serves (all of issue 5). */
export const supportChannels = [
  'pipeline.map',
  'pipeline.validateMap',
  'pipeline.saveMap',
  'payments.stuck',
  'payments.find',
  'dlq.list',
  'dlq.groups',
  'dlq.records',
  'records.browse',
  'records.scanProgress',
  'records.scanCancel',
  'records.get',
  'redelivery.plan',
  'redelivery.start',
  'redelivery.status',
  'redelivery.list',
  'redelivery.cancel',
  'redelivery.resume',
  'audit.list',
  'audit.export',
] as const satisfies readonly Channel[];

export type SupportChannel = (typeof supportChannels)[number];

export type SupportHandlers = Pick<Handlers, SupportChannel>;

export interface SupportDeps {
  /** The record port of the connected cluster; throws AppFailure not_connected/unreachable otherwise. */
  records: () => Promise<RecordPort>;
  map: PipelineMapStore;
  now: () => number;
  /** Who is at the console (written into provenance headers and the ledger). */
  who: () => string;
  redelivery?: Partial<Omit<RedeliveryServiceDeps, 'records' | 'map' | 'who' | 'now'>>;
}

const KAFKA_CONNECTIVITY = /KafkaJSConnectionError|KafkaJSNumberOfRetriesExceeded|KafkaJSBrokerNotFound|ECONNREFUSED|ETIMEDOUT|KafkaJSRequestTimeoutError/;

/** Maps what the use cases throw onto the contract's error codes, with a message a person can act on. */
export function toSupportFailure(error: unknown): AppFailure {
  if (error instanceof AppFailure) return error;
  if (error instanceof FilterSyntaxError || error instanceof RangeError || error instanceof InvalidMapError) return new AppFailure('invalid_input', error.message);
  if (error instanceof RedeliveryRefused) return new AppFailure('invalid_input', `Redelivery refused: ${error.message}`);
  if (error instanceof UnknownScanError) return new AppFailure('not_found', error.message);
  if (error instanceof Error && (error as { code?: unknown }).code === 'not_found') return new AppFailure('not_found', error.message);
  if (error instanceof Error && KAFKA_CONNECTIVITY.test(`${error.name} ${error.message}`)) return new AppFailure('unreachable', `Kafka could not be reached: ${error.message}`);
  const message = error instanceof Error ? error.message : String(error);
  return new AppFailure('internal', `Kafka answered with an error: ${message}`);
}

/** Scan and redelivery state belongs to one cluster: a new RecordPort (reconnect) starts them afresh. */
interface PortScoped {
  port: RecordPort;
  scans: ScanManager;
  redelivery: RedeliveryService;
}

export function createSupportHandlers(deps: SupportDeps): SupportHandlers & { dispose(): Promise<void> } {
  let scoped: PortScoped | undefined;
  const scope = async (): Promise<PortScoped> => {
    const port = await deps.records();
    if (scoped?.port !== port) {
      void scoped?.redelivery.stopAll();
      scoped = {
        port,
        scans: new ScanManager(port, deps.now),
        redelivery: new RedeliveryService({ ...deps.redelivery, records: port, map: () => deps.map.get(), who: deps.who, now: deps.now }),
      };
    }
    return scoped;
  };
  const guard =
    <I, O>(body: (input: I) => Promise<O>) =>
    async (input: I): Promise<O> => {
      try {
        return await body(input);
      } catch (error) {
        throw toSupportFailure(error);
      }
    };
  const kafka = async () => ({ records: (await scope()).port, map: deps.map.get(), now: deps.now });

  return {
    'pipeline.map': guard(async () => deps.map.view()),
    'pipeline.validateMap': guard(async ({ text }) => deps.map.validate(text)),
    'pipeline.saveMap': guard(async ({ text }) => deps.map.save(text)),

    'payments.stuck': guard(async (query) => computeStuckPayments(await kafka(), query)),
    'payments.find': guard(async ({ paymentId, since }) => findPayment(await kafka(), paymentId, since)),

    'dlq.list': guard(async () => listDlqTopics(await kafka())),
    'dlq.groups': guard(async ({ topic, maxRecords }) => groupDlqErrors(await kafka(), topic, maxRecords)),
    'dlq.records': guard(async (query) => {
      const listed = await listDlqRecords(await kafka(), query);
      // Mark records someone already redelivered (any console), so the UI does not offer them again.
      const ledger = (await scope()).redelivery.ledger();
      if ((await (await scope()).port.watermarks(ledger.topic)).length > 0) {
        await ledger.catchUp();
        for (const r of listed.records) {
          const done = ledger.item({ topic: r.topic, partition: r.partition, offset: r.offset })?.result;
          if (done) r.ledger = { result: done.result, at: done.at, who: done.who, jobId: done.jobId, targetTopic: done.targetTopic };
        }
      }
      return listed;
    }),

    'records.browse': guard(async (request) => (await scope()).scans.start(request)),
    'records.scanProgress': guard(async ({ scanId, after }) => (await scope()).scans.progress(scanId, after ?? 0)),
    'records.scanCancel': guard(async ({ scanId }) => (await scope()).scans.cancel(scanId)),
    'records.get': guard(async ({ topic, partition, offset }) => {
      const record = await getRecord((await scope()).port, topic, partition, offset);
      if (!record) throw new AppFailure('not_found', `no record at ${topic} partition ${partition} offset ${offset} (deleted by retention, or not written yet)`);
      return record;
    }),

    'redelivery.plan': guard(async ({ dlqTopic, selection }) => (await scope()).redelivery.plan(dlqTopic, selection)),
    'redelivery.start': guard(async (request) => (await scope()).redelivery.start(request)),
    'redelivery.status': guard(async ({ jobId }) => (await scope()).redelivery.status(jobId)),
    'redelivery.list': guard(async () => (await scope()).redelivery.list()),
    'redelivery.cancel': guard(async ({ jobId }) => (await scope()).redelivery.cancel(jobId)),
    'redelivery.resume': guard(async ({ jobId }) => (await scope()).redelivery.resume(jobId)),

    'audit.list': guard(async (query) => listAudit((await scope()).redelivery.ledger(), query)),
    'audit.export': guard(async (query) => exportAudit((await scope()).redelivery.ledger(), query, deps.now())),

    async dispose() {
      await scoped?.redelivery.stopAll();
      await scoped?.port.close();
      scoped = undefined;
    },
  };
}
