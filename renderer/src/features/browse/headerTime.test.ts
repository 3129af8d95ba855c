import { describe, expect, it } from 'vitest';
import { headerTime } from './headerTime';

describe('headerTime', () => {
  it('reads Spring long timestamps and Eventdesk decimal times as epoch ms', () => {
    expect(headerTime({ key: 'kafka_dlt-original-timestamp', kind: 'int64', text: '1796168046398' })).toBe(
      1796168046398,
    );
    expect(
      headerTime({ key: 'retry_topic-backoff-timestamp', kind: 'biginteger', text: '1796168046398' }),
    ).toBe(1796168046398);
    expect(headerTime({ key: 'eventdesk_first_failure_time', kind: 'text', text: '1796168046398' })).toBe(
      1796168046398,
    );
  });

  it('leaves other headers, garbage and implausible numbers alone', () => {
    expect(headerTime({ key: 'kafka_dlt-original-offset', kind: 'int64', text: '1796168046398' })).toBeNull();
    expect(headerTime({ key: 'eventdesk_due_at', kind: 'text', text: 'soon' })).toBeNull();
    expect(headerTime({ key: 'eventdesk_due_at', kind: 'binary', text: '0102' })).toBeNull();
    expect(headerTime({ key: 'eventdesk_due_at', kind: 'text', text: '99999999999999999' })).toBeNull();
    expect(headerTime({ key: 'eventdesk_due_at', kind: 'text', text: '0' })).toBeNull();
  });
});
