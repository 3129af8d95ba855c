import { describe, expect, it } from 'vitest';
import { createJobQueue } from './jobQueue';

/** A job that runs until `finish` is called; `started` says whether the queue let it start. */
function heldJob() {
  let finish!: (value: string) => void;
  const state = { started: false };
  const done = new Promise<string>((resolve) => (finish = resolve));
  return {
    state,
    finish: (v: string) => finish(v),
    work: () => {
      state.started = true;
      return done;
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the heavy jobs queue', () => {
  it('runs at most two at once and starts the next in arrival order when one ends', async () => {
    const queue = createJobQueue(2);
    const jobs = [heldJob(), heldJob(), heldJob(), heldJob()];
    const answers = jobs.map((j, i) => queue.run(`job${i}`, j.work));
    expect(jobs.map((j) => j.state.started)).toEqual([true, true, false, false]);
    expect(queue.stats()).toEqual({
      running: 2,
      waiting: [
        { job: 'job2', position: 1 },
        { job: 'job3', position: 2 },
      ],
    });
    jobs[1]!.finish('b');
    expect(await answers[1]).toBe('b');
    await tick();
    expect(jobs.map((j) => j.state.started)).toEqual([true, true, true, false]);
    expect(queue.stats().waiting).toEqual([{ job: 'job3', position: 1 }]);
    jobs[0]!.finish('a');
    jobs[2]!.finish('c');
    await Promise.all([answers[0], answers[2]]);
    await tick();
    expect(jobs[3]!.state.started).toBe(true);
    jobs[3]!.finish('d');
    expect(await answers[3]).toBe('d');
    await tick();
    expect(queue.stats()).toEqual({ running: 0, waiting: [] });
  });

  it('tells each waiting job its place in line as the line moves, and 0 when it starts', async () => {
    const queue = createJobQueue(1);
    const first = heldJob();
    const second = heldJob();
    const third = heldJob();
    const seen: Record<string, number[]> = { second: [], third: [] };
    void queue.run('first', first.work);
    const secondDone = queue.run('second', second.work, { onPosition: (p) => seen.second!.push(p) });
    void queue.run('third', third.work, { onPosition: (p) => seen.third!.push(p) });
    expect(seen.second!.at(-1)).toBe(1);
    expect(seen.third!.at(-1)).toBe(2);
    first.finish('x');
    await tick();
    await tick();
    expect(seen.second!.at(-1)).toBe(0);
    expect(seen.third!.at(-1)).toBe(1);
    second.finish('y');
    expect(await secondDone).toBe('y');
  });

  it('drops a waiting job whose caller leaves, without running it, and moves the others up', async () => {
    const queue = createJobQueue(1);
    const running = heldJob();
    const leaving = heldJob();
    const staying = heldJob();
    const positions: number[] = [];
    void queue.run('running', running.work);
    const controller = new AbortController();
    const left = queue.run('leaving', leaving.work, { signal: controller.signal });
    const stays = queue.run('staying', staying.work, { onPosition: (p) => positions.push(p) });
    expect(positions.at(-1)).toBe(2);
    controller.abort(new DOMException('the caller left', 'AbortError'));
    await expect(left).rejects.toMatchObject({ name: 'AbortError' });
    expect(positions.at(-1)).toBe(1);
    expect(queue.stats().waiting).toEqual([{ job: 'staying', position: 1 }]);
    running.finish('r');
    await tick();
    await tick();
    expect(leaving.state.started).toBe(false);
    expect(staying.state.started).toBe(true);
    staying.finish('s');
    expect(await stays).toBe('s');
  });

  it('refuses a job whose caller already left, and a limit below one', async () => {
    const queue = createJobQueue(2);
    const job = heldJob();
    await expect(queue.run('gone', job.work, { signal: AbortSignal.abort() })).rejects.toBeDefined();
    expect(job.state.started).toBe(false);
    expect(() => createJobQueue(0)).toThrow(/positive integer/);
  });

  it('frees the slot of a job that fails', async () => {
    const queue = createJobQueue(1);
    const failing = queue.run('failing', () => Promise.reject(new Error('broker gone')));
    const next = heldJob();
    const after = queue.run('next', next.work);
    await expect(failing).rejects.toThrow('broker gone');
    await tick();
    expect(next.state.started).toBe(true);
    next.finish('ok');
    expect(await after).toBe('ok');
  });
});
