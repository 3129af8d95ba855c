// Kafka's own console consumer (org.apache.kafka.tools.consumer.ConsoleConsumer from the provisioned jars) as a
// live group member on either group protocol: `consumer` is Kafka 4's consumer protocol (KIP-848).
import { spawn, type ChildProcess } from 'node:child_process';
import { ensureKafka } from '../kafka/provision';

export interface ConsoleConsumer {
  /** What the JVM wrote to stderr so far (for a failure message). */
  stderr(): string;
  stop(): Promise<void>;
}

export async function startConsoleConsumer(options: {
  bootstrap: string;
  topic: string;
  group: string;
  protocol: 'classic' | 'consumer';
}): Promise<ConsoleConsumer> {
  const install = await ensureKafka();
  const child: ChildProcess = spawn(
    'java',
    [
      '-Xmx128m',
      '-cp',
      install.classpath,
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      '--bootstrap-server',
      options.bootstrap,
      '--topic',
      options.topic,
      '--group',
      options.group,
      '--from-beginning',
      '--consumer-property',
      `group.protocol=${options.protocol}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString('utf8')).slice(-4_000);
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  return {
    stderr: () => err,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
