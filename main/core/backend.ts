// Wires the kafkajs adapter, the connection manager, the handlers and the lag watcher into one backend.
import type { Handlers } from '../../shared/contract';
import { systemClock, type Clock } from './clock';
import { createConnectionManager, type BackoffPolicy, type ConnectionManager } from './connection';
import { createDefaultSupportHandlers, createGroupsFor, createHandlers } from './handlers';
import { createKafkajsAdapter } from './kafka/kafkajsAdapter';
import type { KafkaPortFactory } from './kafka/kafkaPort';
import { createLagHistory } from './lagHistory';
import { startLagWatcher } from './lagWatcher';

export interface ConsoleBackend {
  handlers: Handlers;
  connection: ConnectionManager;
  dispose(): Promise<void>;
}

export interface ConsoleBackendOptions {
  /** Connect to this cluster right away (the first attempt runs in the background). */
  bootstrap?: string[];
  clock?: Clock;
  createPort?: KafkaPortFactory;
  backoff?: BackoffPolicy;
  sampleIntervalMs?: number;
  /** The pipeline map file (JSON); the reference pipeline's map when absent. Default: $EVENTDESK_PIPELINE_MAP. */
  pipelineMapPath?: string;
}

export function createConsoleBackend(options: ConsoleBackendOptions = {}): ConsoleBackend {
  const clock = options.clock ?? systemClock;
  const connection = createConnectionManager({
    createPort: options.createPort ?? ((bootstrap) => createKafkajsAdapter(bootstrap)),
    clock,
    backoff: options.backoff,
  });
  const history = createLagHistory();
  const support = createDefaultSupportHandlers(
    { connection, clock },
    options.pipelineMapPath ?? process.env.EVENTDESK_PIPELINE_MAP ?? null,
  );
  void support.map.load();
  const handlers = createHandlers({ connection, clock, history, support: support.handlers, map: support.map });
  const groups = createGroupsFor({ connection, clock, history });
  const watcher = startLagWatcher({
    connection,
    clock,
    sample: () => groups.sample(),
    intervalMs: options.sampleIntervalMs,
  });
  if (options.bootstrap && options.bootstrap.length > 0) void connection.connect(options.bootstrap);
  return {
    handlers,
    connection,
    async dispose() {
      watcher.stop();
      await support.dispose();
      await connection.dispose();
    },
  };
}
