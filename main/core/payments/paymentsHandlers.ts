// The payments channels: stuck payments over a window, and one payment's timeline.
import type { DomainHandlers } from '../../../shared/contract';
import type { PipelineMap } from '../../../shared/pipelineMap';
import type { PaymentLookup, StuckPaymentsResult } from '../../../shared/payments';
import type { SchemaRegistrySettings } from '../../../shared/schemaRegistry';
import type { RecordPort } from '../kafka/recordPort';
import { withDecodedValues } from '../schemas/decodedValues';
import { registryDecoder } from '../schemas/registryDecoders';
import { affinityOf, type EngineLink } from '../workers/engineLink';
import type { FindPaymentJobInput } from './findJob';
import { findPayment } from './findPayment';
import type { StuckPaymentsJobInput } from './stuckJob';
import type { StuckCompute, StuckFollower } from './stuckFollower';
import { StuckViews } from './stuckPayments';

export interface StuckComputeDeps {
  records: () => Promise<RecordPort>;
  map: () => PipelineMap;
  now: () => number;
  /** Where stuck payments and lookups are computed: a worker thread; in-line on this loop when absent (ports in tests). */
  engine?: EngineLink;
  /** The registry that decodes wire-format values (the connected profile's, or the console's); none: null. */
  registry?: () => Promise<SchemaRegistrySettings | null>;
}

/** Stuck payments for one query, with the kept views that make a repeated query cost only what is new. */
export function createStuckCompute(deps: StuckComputeDeps): StuckCompute {
  // A view per records port (per cluster): a repeated query reads only what arrived since.
  const views = new WeakMap<RecordPort, StuckViews>();
  const viewsOf = (records: RecordPort) => {
    let found = views.get(records);
    if (!found) views.set(records, (found = new StuckViews()));
    return found;
  };
  const { engine } = deps;
  return async (query, signal) => {
    const schemaRegistry = (await deps.registry?.()) ?? null;
    if (engine) {
      const connection = await engine.connection();
      const input: StuckPaymentsJobInput = {
        connection,
        map: deps.map(),
        query,
        now: deps.now(),
        schemaRegistry,
      };
      // One worker per cluster holds that cluster's views, so a refresh finds its view again.
      return engine.pool.run<StuckPaymentsResult>('payments.stuck', input, {
        signal,
        affinity: affinityOf(connection),
      });
    }
    const port = await deps.records();
    const records = schemaRegistry ? withDecodedValues(port, registryDecoder(schemaRegistry)) : port;
    return viewsOf(port).compute({ records, map: deps.map(), now: deps.now, signal }, query);
  };
}

export function createPaymentsHandlers(
  deps: StuckComputeDeps & {
    /** Shared with the follower of live windows, so both advance the same kept views. */
    stuck?: StuckCompute;
    follower?: Pick<StuckFollower, 'note'>;
  },
): DomainHandlers<'payments'> {
  // Each read stops when its caller leaves (the context's signal).
  const reads = async (signal?: AbortSignal) => ({
    records: await deps.records(),
    map: deps.map(),
    now: deps.now,
    signal,
    decoder: registryDecoder((await deps.registry?.()) ?? null),
  });
  const stuck = deps.stuck ?? createStuckCompute(deps);
  const { engine } = deps;
  return {
    'payments.stuck': async (query, context) => {
      deps.follower?.note(query);
      return stuck(query, context?.signal);
    },
    'payments.find': async ({ paymentId, since }, context) => {
      if (!engine) return findPayment(await reads(context?.signal), paymentId, since);
      const connection = await engine.connection();
      const input: FindPaymentJobInput = {
        connection,
        map: deps.map(),
        paymentId,
        ...(since === undefined ? {} : { since }),
        now: deps.now(),
        schemaRegistry: (await deps.registry?.()) ?? null,
      };
      return engine.pool.run<PaymentLookup>('payments.find', input, {
        signal: context?.signal,
        affinity: affinityOf(connection),
      });
    },
  };
}
