// The cluster domain: connecting, the connection's state, and the cluster's own facts.
import { z } from 'zod';
import type { ConnectionAccess, SecurityFailure } from './access';
import { bootstrapServersSchema } from './bootstrap';

export const connectInput = z.object({ bootstrap: bootstrapServersSchema }).strict();

export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'unreachable';

export interface ConnectionStatus {
  state: ConnectionState;
  bootstrap: string[];
  /** Why the last attempt failed, in words a support person can act on. */
  error?: string;
  /** For a TLS or SASL failure: which one, for the UI to branch on. */
  securityFailure?: SecurityFailure;
  /** The profile the connection was made with; absent for a plain `cluster.connect`. */
  access?: ConnectionAccess;
  /** Consecutive failed attempts since the last success. */
  attempts: number;
  /** Epoch ms of the next automatic retry while unreachable. */
  nextRetryAt?: number;
  /** Epoch ms when the current state began. */
  since: number;
}

/** The main event loop's delay (what a request waits before it is even routed), in milliseconds. */
export interface EventLoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  samples: number;
  /** Epoch ms the measurement window began. */
  sinceMs: number;
}

/** The engine's worker threads (heavy work runs there, not on the main loop). */
export interface EngineStats {
  workers: number;
  /** Jobs handed to a worker and not answered yet. */
  running: number;
  finished: number;
  /** Finished jobs that stopped because their caller left. */
  cancelled: number;
  /** Jobs waiting for a slot: at most `limit` heavy jobs run at once per console. */
  queued: number;
  limit: number;
}

/** `cluster.status`: the connection, and how the backend itself is doing. */
export interface ClusterStatus extends ConnectionStatus {
  diagnostics: { eventLoopDelay: EventLoopDelay; engine?: EngineStats };
}

export interface BrokerInfo {
  nodeId: number;
  host: string;
  port: number;
}

export interface ClusterOverview {
  clusterId: string;
  controllerId: number | null;
  brokers: BrokerInfo[];
  topicCount: number;
  partitionCount: number;
  internalTopicCount: number;
}
