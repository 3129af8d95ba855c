import { describe, expect, it } from 'vitest';
import { AutoPause, commonError, pausedSentence } from './autoPause';

describe("a redelivery job's self-pause", () => {
  it('pauses only once more than the threshold failed again, and counts again from a resume', () => {
    const pause = new AutoPause(5);
    expect(pause.exceeded(0)).toBe(false);
    expect(pause.exceeded(5)).toBe(false);
    expect(pause.exceeded(6)).toBe(true);
    pause.resumed(6);
    expect(pause.exceeded(11)).toBe(false);
    expect(pause.exceeded(12)).toBe(true);
  });

  it('names the most frequent error, normalised, in the sentence a person reads', () => {
    const failures = [
      { error: 'SmtpError: connect ECONNREFUSED 127.0.0.1:2525' },
      { error: 'SmtpError: connect ECONNREFUSED 10.0.0.7:25' },
      { error: 'TimeoutError: gave up after 3000 ms' },
      { error: null },
    ];
    expect(commonError(failures)).toBe('SmtpError: connect ECONNREFUSED <ip>');
    expect(pausedSentence(6, 12, failures)).toBe(
      'paused: 6 of 12 moved failed again (SmtpError: connect ECONNREFUSED <ip>)',
    );
    expect(pausedSentence(6, 12, [{ error: null }])).toBe('paused: 6 of 12 moved failed again');
  });
});
