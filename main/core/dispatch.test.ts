import { describe, expect, it } from 'vitest';
import { channels, type Handlers } from '../../shared/contract';
import { AppFailure } from './appFailure';
import { dispatch } from './dispatch';
import { KafkaPortError } from './kafka/kafkaPort';

function handlersThatRecord() {
  const calls: Array<[string, unknown]> = [];
  const record =
    (name: string, value: unknown = null) =>
    async (input: unknown) => {
      calls.push([name, input]);
      return value;
    };
  const handlers = Object.fromEntries(
    channels.map((c) => [c, record(c, `${c} answer`)]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

describe('dispatch', () => {
  it('refuses a channel that is not in the contract, without calling anything', async () => {
    const { handlers, calls } = handlersThatRecord();
    for (const channel of ['shell.exec', '__proto__', 'constructor', 42, undefined]) {
      const result = await dispatch(handlers, channel, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(calls).toEqual([]);
  });

  it('refuses a topic name Kafka would refuse as invalid input with the rule, before any handler runs', async () => {
    const { handlers, calls } = handlersThatRecord();
    for (const topic of ['a/b', 'a b', 'a\u0000b', '..']) {
      const result = await dispatch(handlers, 'topics.describe', { topic });
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', message: expect.stringMatching(/^topic: a topic name/) },
      });
    }
    expect(calls).toEqual([]);
  });

  it('tries a read again when the broker says "not now", but never repeats a write', async () => {
    const busy = () =>
      new KafkaPortError('other', 'The coordinator is loading', undefined, { retryable: true });
    let reads = 0;
    let writes = 0;
    const { handlers } = handlersThatRecord();
    const flaky = {
      ...handlers,
      'groups.list': async () => {
        if (++reads < 3) throw busy();
        return [];
      },
      'redelivery.cancel': async () => {
        writes++;
        throw busy();
      },
    } as Handlers;
    expect(await dispatch(flaky, 'groups.list', {})).toEqual({ ok: true, value: [] });
    expect(reads).toBe(3);
    expect(await dispatch(flaky, 'redelivery.cancel', { jobId: 'j-1' })).toMatchObject({
      ok: false,
      error: { code: 'transient' },
    });
    expect(writes).toBe(1);
  });

  it('does not retry an unreachable broker: that is for the connection to report', async () => {
    let calls = 0;
    const { handlers } = handlersThatRecord();
    const down = {
      ...handlers,
      'groups.list': async () => {
        calls++;
        throw new KafkaPortError('connection_refused', 'refused');
      },
    } as Handlers;
    expect(await dispatch(down, 'groups.list', {})).toMatchObject({
      ok: false,
      error: { code: 'unreachable' },
    });
    expect(calls).toBe(1);
  });

  it('validates before the handler runs and names the field', async () => {
    const { handlers, calls } = handlersThatRecord();
    expect(await dispatch(handlers, 'cluster.connect', { bootstrap: 'foo' })).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message:
          'bootstrap: Invalid bootstrap server: "foo" has no port; write host:port, e.g. localhost:9092',
        field: 'bootstrap',
      },
    });
    expect(await dispatch(handlers, 'groups.describe', { groupId: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/^groupId: /) },
    });
    expect(await dispatch(handlers, 'topics.list', { filter: 'a', extra: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await dispatch(handlers, 'topics.list', 'not an object')).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(calls).toEqual([]);
  });

  it('hands the parsed (transformed) input to the handler', async () => {
    const { handlers, calls } = handlersThatRecord();
    const result = await dispatch(handlers, 'cluster.connect', { bootstrap: ' a:1, b:2 ' });
    expect(result).toEqual({ ok: true, value: 'cluster.connect answer' });
    expect(calls).toEqual([['cluster.connect', { bootstrap: ['a:1', 'b:2'] }]]);
  });

  it('treats a missing input as {} for channels without parameters', async () => {
    const { handlers } = handlersThatRecord();
    expect(await dispatch(handlers, 'cluster.status', undefined)).toEqual({
      ok: true,
      value: 'cluster.status answer',
    });
  });

  it('maps thrown errors to AppError codes and never throws', async () => {
    const throwing = (error: unknown) =>
      ({
        ...handlersThatRecord().handlers,
        'groups.list': async () => {
          throw error;
        },
      }) as Handlers;
    const codeOf = async (error: unknown) => {
      const r = await dispatch(throwing(error), 'groups.list', {});
      return r.ok ? 'ok' : r.error.code;
    };
    expect(await codeOf(new AppFailure('not_found', 'gone'))).toBe('not_found');
    expect(await codeOf(new KafkaPortError('not_found', 'gone'))).toBe('not_found');
    expect(await codeOf(new KafkaPortError('auth', 'no'))).toBe('auth');
    expect(await codeOf(new KafkaPortError('connection_refused', 'no'))).toBe('unreachable');
    expect(await codeOf(new KafkaPortError('timeout', 'slow'))).toBe('unreachable');
    // A coordinator still loading is the cluster being busy, not the backend failing.
    expect(
      await codeOf(new KafkaPortError('other', 'The coordinator is loading', undefined, { retryable: true })),
    ).toBe('transient');
    expect(await codeOf(new KafkaPortError('other', 'INVALID_REQUEST'))).toBe('internal');
    expect(await codeOf(new TypeError('x is undefined'))).toBe('internal');
    expect(await codeOf('a string')).toBe('internal');
  });
});
