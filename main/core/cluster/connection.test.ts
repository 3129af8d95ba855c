import { describe, expect, it } from 'vitest';
import { AppFailure } from '../appFailure';
import { createManualClock } from '../clock';
import { createConnectionManager, describeConnectionFailure } from './connection';
import { KafkaPortError, type KafkaPort } from '../kafka/kafkaPort';

/** A port whose reachability the test switches; every other call answers trivially. */
function switchablePorts() {
  const state = { reachable: false, created: 0, closed: 0 };
  const refused = () =>
    new KafkaPortError('connection_refused', 'connect ECONNREFUSED 127.0.0.1:9999', '127.0.0.1:9999');
  const create = (): KafkaPort => {
    state.created += 1;
    const guard = async <T>(value: T): Promise<T> => {
      if (!state.reachable) throw refused();
      return value;
    };
    return {
      describeCluster: () => guard({ clusterId: 'c', controllerId: 1, brokers: [] }),
      listTopics: () => guard([]),
      fetchWatermarks: () => guard([]),
      listGroups: () => guard([]),
      describeGroups: () => guard([]),
      fetchCommittedOffsets: () => guard([]),
      close: async () => {
        state.closed += 1;
      },
    };
  };
  return { state, create };
}

describe('describeConnectionFailure', () => {
  const bootstrap = ['127.0.0.1:9999'];
  it.each([
    ['connection_refused', 'Cannot reach 127.0.0.1:9999: connection refused'],
    ['dns', 'DNS lookup of "127.0.0.1" failed'],
    ['timeout', 'Cannot reach 127.0.0.1:9999: timed out'],
    ['auth', 'SASL authentication failed'],
    ['tls', 'TLS handshake failed'],
    ['connection_closed', 'the connection was closed'],
  ] as const)('says what %s means', (kind, words) => {
    expect(describeConnectionFailure(new KafkaPortError(kind, 'raw', '127.0.0.1:9999'), bootstrap)).toContain(
      words,
    );
  });

  it('names the host that failed to resolve', () => {
    const error = new KafkaPortError('dns', 'getaddrinfo ENOTFOUND kafka.internal', 'kafka.internal:9092');
    expect(describeConnectionFailure(error, ['kafka.internal:9092'])).toBe(
      'Cannot reach kafka.internal:9092: DNS lookup of "kafka.internal" failed (check the host name)',
    );
  });

  it('falls back to the raw message for errors it does not know', () => {
    expect(describeConnectionFailure(new Error('boom'), bootstrap)).toBe(
      'Cannot connect to 127.0.0.1:9999: boom',
    );
  });
});

describe('connection manager', () => {
  it('starts disconnected and refuses work with not_connected', async () => {
    const clock = createManualClock();
    const manager = createConnectionManager({ createPort: switchablePorts().create, clock });
    expect(manager.status()).toMatchObject({ state: 'disconnected', attempts: 0 });
    await expect(manager.use(async () => 1)).rejects.toMatchObject({ code: 'not_connected' });
  });

  it('retries an unreachable cluster on the backoff schedule and recovers by itself', async () => {
    const clock = createManualClock();
    const ports = switchablePorts();
    const manager = createConnectionManager({ createPort: ports.create, clock });
    const first = await manager.connect(['127.0.0.1:9999']);
    expect(first).toMatchObject({ state: 'unreachable', attempts: 1, nextRetryAt: clock.now() + 1_000 });
    expect(first.error).toBe(
      'Cannot reach 127.0.0.1:9999: connection refused (nothing is listening on that port)',
    );
    await expect(manager.use(async () => 1)).rejects.toMatchObject({ code: 'unreachable' });

    // Attempt n+1 happens backoffDelay(n) after attempt n.
    const seen: number[] = [];
    for (const wait of [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]) {
      expect(clock.pendingTimers()).toEqual([wait]);
      await clock.advance(wait);
      seen.push(manager.status().attempts);
    }
    expect(seen).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(manager.status().state).toBe('unreachable');

    ports.state.reachable = true;
    await clock.advance(30_000);
    expect(manager.status()).toMatchObject({ state: 'connected', attempts: 0 });
    expect(manager.status().error).toBeUndefined();
    expect(clock.pendingTimers()).toEqual([]);
    await expect(manager.use(async () => 42)).resolves.toBe(42);
    // Every failed attempt's client was closed; only the live one is open.
    expect(ports.state.created - ports.state.closed).toBe(1);
  });

  it('flips to unreachable when a call loses the broker, then reconnects', async () => {
    const clock = createManualClock();
    const ports = switchablePorts();
    ports.state.reachable = true;
    const manager = createConnectionManager({ createPort: ports.create, clock });
    expect((await manager.connect(['127.0.0.1:9999'])).state).toBe('connected');
    ports.state.reachable = false;
    const failure = await manager.use((k) => k.listTopics()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppFailure);
    expect(failure).toMatchObject({ code: 'unreachable' });
    expect(manager.status()).toMatchObject({ state: 'unreachable', attempts: 1 });
    ports.state.reachable = true;
    await clock.advance(1_000);
    expect(manager.status().state).toBe('connected');
  });

  it('forgets the old cluster when connect() names a new one', async () => {
    const clock = createManualClock();
    const ports = switchablePorts();
    const manager = createConnectionManager({ createPort: ports.create, clock });
    await manager.connect(['127.0.0.1:9999']);
    await clock.advance(1_000);
    expect(manager.status().attempts).toBe(2);
    ports.state.reachable = true;
    const next = await manager.connect(['127.0.0.1:9092']);
    expect(next).toMatchObject({ state: 'connected', bootstrap: ['127.0.0.1:9092'], attempts: 0 });
    // The old retry timer is gone.
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('stops retrying after dispose', async () => {
    const clock = createManualClock();
    const manager = createConnectionManager({ createPort: switchablePorts().create, clock });
    await manager.connect(['127.0.0.1:9999']);
    await manager.dispose();
    expect(clock.pendingTimers()).toEqual([]);
  });
});
