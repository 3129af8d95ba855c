// The one way tests run kcat: a foreign (librdkafka) producer and consumer next to the console's kafkajs.
import { spawn } from 'node:child_process';

/** Runs kcat with stdin; resolves with stdout, rejects with stderr on a non-zero exit. */
export function runKcat(args: string[], input = ''): Promise<string> {
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
