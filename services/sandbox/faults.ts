// A fault schedule for the sandbox: "at 10s smtp down for 20s", "at 5s kill receipts", … Each step acts on a
// provider's mode or a stage process; a step with `forMs` heals itself (provider back to normal, stage restarted).
import { z } from 'zod';
import { providerModeSchema, type ProviderMode } from './providerMode';

export const faultStepSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('provider'),
      atMs: z.number().int().min(0),
      target: z.enum(['smtp', 'sms']),
      mode: providerModeSchema,
      forMs: z.number().int().positive().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('kill'),
      atMs: z.number().int().min(0),
      stage: z.string().min(1),
      signal: z.enum(['SIGKILL', 'SIGTERM']),
      restartAfterMs: z.number().int().min(0).optional(),
    })
    .strict(),
]);
export type FaultStep = z.infer<typeof faultStepSchema>;
export const faultScheduleSchema = z.array(faultStepSchema);

export interface FaultTargets {
  setProviderMode(target: 'smtp' | 'sms', mode: ProviderMode): Promise<void>;
  killStage(stage: string, signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  restartStage(stage: string): Promise<void>;
}

const durationMs = (value: string, unit: string | undefined) =>
  Number(value) * (unit === 'ms' ? 1 : unit === 'm' ? 60_000 : 1000);
const duration = String.raw`(\d+(?:\.\d+)?)\s*(ms|s|m)?`;

/**
 * One line of the schedule language:
 *   at 10s smtp down for 20s | at 2s sms slow 500ms for 5s | at 3s smtp failing 451 for 4s | at 5s smtp normal
 *   at 8s kill receipts [SIGTERM] [restart after 2s]
 */
export function parseFaultLine(line: string): FaultStep {
  const text = line.trim().toLowerCase();
  const provider = new RegExp(
    String.raw`^at ${duration} (smtp|sms) (down|normal|slow ${duration}|failing (\d{3}))(?: for ${duration})?$`,
  ).exec(text);
  if (provider) {
    const [, at, atUnit, target, modeText, slowValue, slowUnit, failCode, forValue, forUnit] = provider;
    let mode: ProviderMode;
    if (modeText === 'down') mode = { mode: 'down' };
    else if (modeText === 'normal') mode = { mode: 'normal' };
    else if (failCode) mode = { mode: 'failing', code: Number(failCode) };
    else mode = { mode: 'slow', delayMs: durationMs(slowValue ?? '0', slowUnit) };
    return faultStepSchema.parse({
      kind: 'provider',
      atMs: durationMs(at ?? '0', atUnit),
      target,
      mode,
      ...(forValue ? { forMs: durationMs(forValue, forUnit) } : {}),
    });
  }
  const kill = new RegExp(
    String.raw`^at ${duration} kill ([a-z0-9_-]+)(?: (sigkill|sigterm))?(?: restart after ${duration})?$`,
  ).exec(text);
  if (kill) {
    const [, at, atUnit, stage, signal, restartValue, restartUnit] = kill;
    return faultStepSchema.parse({
      kind: 'kill',
      atMs: durationMs(at ?? '0', atUnit),
      stage,
      signal: signal === 'sigterm' ? 'SIGTERM' : 'SIGKILL',
      ...(restartValue ? { restartAfterMs: durationMs(restartValue, restartUnit) } : {}),
    });
  }
  throw new Error(
    `cannot read fault "${line}": expected e.g. "at 10s smtp down for 20s" or "at 5s kill receipts restart after 2s"`,
  );
}

export interface RunningFaults {
  /** Resolves when every step (and every heal) has run. */
  done: Promise<void>;
  cancel(): void;
}

export function runFaultSchedule(
  steps: FaultStep[],
  targets: FaultTargets,
  log: (line: string) => void = () => {},
): RunningFaults {
  const timers: NodeJS.Timeout[] = [];
  const at = (ms: number, action: () => Promise<void>) =>
    new Promise<void>((resolve) => {
      timers.push(
        setTimeout(() => {
          action()
            .catch((err: unknown) => log(`fault step failed: ${String(err)}`))
            .finally(resolve);
        }, ms),
      );
    });
  const pending: Array<Promise<void>> = [];
  for (const step of steps) {
    if (step.kind === 'provider') {
      pending.push(
        at(step.atMs, async () => {
          log(`fault: ${step.target} → ${JSON.stringify(step.mode)}`);
          await targets.setProviderMode(step.target, step.mode);
        }),
      );
      if (step.forMs !== undefined) {
        pending.push(
          at(step.atMs + step.forMs, async () => {
            log(`fault healed: ${step.target} → normal`);
            await targets.setProviderMode(step.target, { mode: 'normal' });
          }),
        );
      }
    } else {
      pending.push(
        at(step.atMs, async () => {
          log(`fault: ${step.signal} ${step.stage}`);
          await targets.killStage(step.stage, step.signal);
        }),
      );
      if (step.restartAfterMs !== undefined) {
        pending.push(
          at(step.atMs + step.restartAfterMs, async () => {
            log(`fault healed: restarting ${step.stage}`);
            await targets.restartStage(step.stage);
          }),
        );
      }
    }
  }
  return {
    done: Promise.all(pending).then(() => undefined),
    cancel: () => timers.forEach((timer) => clearTimeout(timer)),
  };
}
