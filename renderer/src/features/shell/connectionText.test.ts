import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../../shared/cluster';
import { clusterLabel, describeConnection, describeLink, failureReason } from './connectionText';

const base: ConnectionStatus = { state: 'connected', bootstrap: ['kafka-1:9092'], attempts: 0, since: 0 };

describe('connection text', () => {
  it('names the cluster', () => {
    expect(describeConnection(base, 0)).toEqual({ tone: 'ok', headline: 'Connected to kafka-1:9092' });
    expect(clusterLabel(['a:1', 'b:2', 'c:3'])).toBe('a:1 (+2 more)');
    expect(describeConnection({ ...base, state: 'connecting' }, 0).headline).toBe(
      'Connecting to kafka-1:9092…',
    );
  });

  it('says why it cannot reach the broker and when it retries', () => {
    const text = describeConnection(
      { ...base, state: 'unreachable', error: 'connection refused', attempts: 3, nextRetryAt: 10_000 },
      6_200,
    );
    expect(text).toEqual({
      tone: 'problem',
      headline: 'Cannot reach kafka-1:9092',
      detail: 'connection refused, retrying in 4 s (attempt 3)',
    });
  });

  it('does not repeat "Cannot reach" from the backend message', () => {
    expect(
      failureReason('Cannot reach 127.0.0.1:1: connection refused (nothing is listening on that port)'),
    ).toBe('connection refused (nothing is listening on that port)');
    expect(failureReason('Kafka at k:1 answered with an error: boom')).toBe(
      'Kafka at k:1 answered with an error: boom',
    );
    expect(failureReason(undefined)).toBe('no answer from the broker');
  });

  it('does not show a negative countdown', () => {
    const text = describeConnection(
      { ...base, state: 'unreachable', attempts: 1, nextRetryAt: 1_000 },
      5_000,
    );
    expect(text.detail).toBe('no answer from the broker, retrying now (attempt 1)');
  });

  it('only mentions the backend link when it is not open', () => {
    expect(describeLink({ state: 'open' }, 0)).toBeNull();
    expect(
      describeLink(
        { state: 'reconnecting', attempt: 2, retryAt: 3_000, reason: 'the connection was lost' },
        1_000,
      ),
    ).toEqual({
      tone: 'problem',
      headline: 'Lost the console backend',
      detail: 'the connection was lost, retrying in 2 s (attempt 2)',
    });
    expect(describeLink({ state: 'token_rejected', message: 'Open the link again.' }, 0)?.detail).toBe(
      'Open the link again.',
    );
  });
});
