// Helpers for integration tests of the record port: topics and a foreign producer (kcat).
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
    child.on('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`kcat ${args.join(' ')} exited ${code}: ${err}`))));
    child.stdin.end(input);
  });
}

/** Commits offsets for a group that has no members (what a stopped consumer leaves behind). */
export async function commitGroupOffsets(bootstrap: string, groupId: string, topic: string, offsets: { partition: number; offset: string }[]): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.setOffsets({ groupId, topic, partitions: offsets });
  } finally {
    await admin.disconnect();
  }
}
