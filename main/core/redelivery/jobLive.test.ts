import { describe, expect, it } from 'vitest';
import type { RedeliveryJobStatus } from '../../../shared/redelivery';
import { createLiveHub } from '../live/liveHub';
import { jobProgressPublisher } from './jobLive';

const status = (over: Partial<RedeliveryJobStatus> = {}): RedeliveryJobStatus => ({
  jobId: 'job-1',
  state: 'running',
  who: 'ops',
  why: 'test',
  dlqTopic: 'x.dlq',
  ratePerSecond: 100,
  toMove: 10,
  moved: 0,
  skipped: 0,
  recovered: 0,
  refused: 0,
  confirmed: 0,
  failedAgain: 0,
  waiting: 0,
  unconfirmable: 0,
  failures: [],
  startedAt: 0,
  ...over,
});

function setup() {
  let now = 1_000;
  const timers: Array<{ at: number; run: () => void }> = [];
  const hub = createLiveHub();
  const pushed: Array<{ state: string; moved: number }> = [];
  hub.subscribe('redelivery.jobProgress', (p) => pushed.push({ state: p.state, moved: p.moved }));
  const report = jobProgressPublisher(hub, {
    now: () => now,
    minIntervalMs: 250,
    schedule: (ms, run) => {
      const timer = { at: now + ms, run };
      timers.push(timer);
      return () => timers.splice(timers.indexOf(timer), 1);
    },
  });
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((t) => t.at <= now)) {
      timers.splice(timers.indexOf(t), 1);
      t.run();
    }
  };
  return { report, pushed, advance };
}

describe('job progress as live updates', () => {
  it('pushes a change at once, coalesces quick ones, and says nothing when nothing changed', () => {
    const { report, pushed, advance } = setup();
    const job = status();
    job.moved = 2;
    report(job);
    expect(pushed).toEqual([{ state: 'running', moved: 2 }]);
    advance(50);
    job.moved = 4;
    report(job);
    job.moved = 6;
    report(job);
    // Within the interval: held back, then the latest figures go out once.
    expect(pushed).toHaveLength(1);
    advance(250);
    expect(pushed).toEqual([
      { state: 'running', moved: 2 },
      { state: 'running', moved: 6 },
    ]);
    advance(1_000);
    report(job);
    expect(pushed).toHaveLength(2);
  });

  it('sends a state change without waiting, the held figures with it', () => {
    const { report, pushed, advance } = setup();
    const job = status({ moved: 10 });
    report(job);
    advance(10);
    job.moved = 10;
    job.state = 'confirming';
    report(job);
    expect(pushed.at(-1)).toEqual({ state: 'confirming', moved: 10 });
    job.state = 'done';
    job.finishedAt = 2_000;
    report(job);
    expect(pushed.map((p) => p.state)).toEqual(['running', 'confirming', 'done']);
  });
});
