// CPU a process has used, from /proc/<pid>/stat (Linux only; NaN elsewhere).
import { readFileSync } from 'node:fs';

/** CPU seconds (user + system) of a process so far. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
