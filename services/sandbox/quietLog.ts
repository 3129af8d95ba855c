// The sandbox's default log: one line per state change, not one per record or per retry. A stage that joins,
// consumes, crashes or stops prints that once; a line that only repeats something already said (a payment
// failing, a client retrying a broker that is down, a record dead-lettered) prints the first time of its kind
// and then stays quiet until reset() (the broker came back, so the next failure is news again).

export interface QuietLog {
  /** A log function for one scope ("pipeline", "kafka", ...); lines go to print() as `[scope] line`. */
  scope(name: string): (line: string) => void;
  /** Forget what was said, so the next line of every kind prints again. */
  reset(): void;
  /** Called after each line that is printed; the sandbox reprints where things are. */
  onPrinted?: () => void;
}

/** A stage's lifecycle, from the lines its runtime writes; other stage lines are per record or per retry. */
export function stageState(text: string): string | null {
  if (/will not restart|fatal/i.test(text)) return 'failed';
  if (/consumer crashed/.test(text)) return 'crashed';
  if (/joined group/.test(text)) return 'joined';
  if (/: consuming /.test(text)) return 'consuming';
  if (/stopping|stop failed/.test(text)) return 'stopping';
  return null;
}

/** The kind of a line: the same text with its numbers, offsets and ids taken out. */
export function lineKind(line: string): string {
  return line
    .replace(/\([^)]*\)/g, '()')
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '#')
    .replace(/\d+/g, '#');
}

export function createQuietLog(print: (line: string) => void, options: { verbose: boolean }): QuietLog {
  const stageStates = new Map<string, string>();
  const said = new Set<string>();
  const quiet: QuietLog = {
    scope(name) {
      const emit = (line: string) => {
        print(`[${name}] ${line}`);
        quiet.onPrinted?.();
      };
      return (line) => {
        if (options.verbose) return print(`[${name}] ${line}`);
        // Client retries while the broker is away: the sandbox reports the broker itself.
        if (/^kafkajs /.test(line)) return;
        const stageLine = /^\[([\w-]+)\] (.*)$/.exec(line);
        if (stageLine) {
          const [, stage = '', text = ''] = stageLine;
          const state = stageState(text);
          if (state === null || stageStates.get(stage) === state) return;
          stageStates.set(stage, state);
          return emit(line);
        }
        // The sandbox's own state changes: each is news however often it happens.
        if (/^(stage \S+ (?:ready|exited)|smtp sink mode|sms provider mode|fault|payment API)/.test(line))
          return emit(line);
        const kind = `${name} ${lineKind(line)}`;
        if (said.has(kind)) return;
        said.add(kind);
        emit(line);
      };
    },
    reset() {
      said.clear();
    },
  };
  return quiet;
}
