import { describe, expect, it } from 'vitest';
import { AppFailure, invalidInput } from '../appFailure';
import { KafkaPortError } from '../kafka/kafkaPort';
import { fromWorkerError, toWorkerError } from './workerProtocol';

/** What crosses a worker boundary: structured clone of plain data. */
const across = (error: unknown, cancelled = false) =>
  fromWorkerError(structuredClone(toWorkerError(error, cancelled)));

describe('failures crossing the worker boundary', () => {
  it('keeps an app failure’s code, message and reason', () => {
    const back = across(invalidInput('stage "x" is not in the pipeline map', 'invalid-map'));
    expect(back).toBeInstanceOf(AppFailure);
    expect(back).toMatchObject({
      code: 'invalid_input',
      message: 'stage "x" is not in the pipeline map',
      reason: 'invalid-map',
    });
  });

  it('keeps a Kafka failure’s kind and whether it may be retried', () => {
    const back = across(new KafkaPortError('timeout', 'request timed out', '127.0.0.1:9092'));
    expect(back).toBeInstanceOf(KafkaPortError);
    expect(back).toMatchObject({ kind: 'timeout', retryable: true, broker: '127.0.0.1:9092' });
  });

  it('turns a cancelled job into an abort, whatever it threw', () => {
    const back = across(new Error('read stopped'), true);
    expect(back.name).toBe('AbortError');
  });

  it('names anything else by its class and message only', () => {
    const back = across(new TypeError('x is undefined'));
    expect(back).not.toBeInstanceOf(AppFailure);
    expect(back.message).toBe('TypeError: x is undefined');
  });
});
