// The one way tests run kcat: a foreign (librdkafka) producer and consumer next to the console's kafkajs.
import { spawn } from 'node:child_process';

/** Runs kcat with stdin; resolves with stdout, rejects with stderr on a non-zero exit. */
export function runKcat(args: string[], input: string | Uint8Array = ''): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn('kcat', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? ok(out) : fail(new Error(`kcat ${args.join(' ')} exited ${code}: ${err}`)),
    );
    child.stdin.end(input);
  });
}

const keyDelimiter = '|key-ends|';
const recordDelimiter = '|record-ends|';

/**
 * Produces records with arbitrary bytes (zero bytes, newlines) to one partition in one kcat run, in order:
 * multi-character delimiters keep the bytes of a key or value from being read as a separator.
 */
export async function produceBytesWithKcat(
  bootstrap: string,
  topic: string,
  partition: number,
  records: ReadonlyArray<{ key: Uint8Array | string; value: Uint8Array | string }>,
): Promise<void> {
  const parts: Buffer[] = [];
  for (const r of records)
    parts.push(
      Buffer.from(r.key),
      Buffer.from(keyDelimiter),
      Buffer.from(r.value),
      Buffer.from(recordDelimiter),
    );
  const input = Buffer.concat(parts);
  for (const d of [keyDelimiter, recordDelimiter])
    if (records.some((r) => Buffer.from(r.key).includes(d) || Buffer.from(r.value).includes(d)))
      throw new Error(`a record contains the delimiter ${d}`);
  await runKcat(
    ['-P', '-b', bootstrap, '-t', topic, '-p', String(partition), '-K', keyDelimiter, '-D', recordDelimiter],
    input,
  );
}
