// Starts and stops a real single-node Apache Kafka broker in KRaft mode on free loopback ports.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureKafka, type KafkaInstall } from './provision.js';
import { freePort } from '../../services/sandbox/ports';
import { setTimeout as sleep } from 'node:timers/promises';

// One free-port helper for the repo; tests that start brokers import it from here.
export { freePort };

export interface BrokerOptions {
  /** Broker port; a free one is picked when omitted. */
  port?: number;
  /** Storage folder; a temporary one (removed on stop) when omitted. Reused if already formatted. */
  dataDir?: string;
  /** JVM heap, e.g. "1g". */
  heap?: string;
  /** Extra JVM flags for the broker (after the defaults, so they win) and the storage format run. */
  jvmOptions?: string[];
  /** Extra server.properties lines. */
  properties?: Record<string, string | number>;
  log?: (line: string) => void;
  /** Cluster id for a fresh data dir; a random one when omitted. */
  clusterId?: string;
  /**
   * Called when a running JVM exits without stop(), kill() or restart() asking it to (it crashed or was killed
   * from outside), so the owner can say so and restart it instead of letting clients retry into a closed port.
   */
  onUnexpectedExit?: (exit: { pid: number; code: number | null; signal: NodeJS.Signals | null }) => void;
  /** KRaft node id (default 1). */
  nodeId?: number;
  /** Port of this node's controller listener; a free one is picked when omitted. */
  controllerPort?: number;
  /** Static controller quorum, `id@host:port,…`; this node alone when omitted. */
  controllerQuorumVoters?: string;
  /** Extra arguments of the storage format run of a fresh data dir (e.g. `--add-scram` users). */
  formatArgs?: string[];
}

export interface RunningBroker {
  bootstrap: string;
  port: number;
  pid: number;
  dataDir: string;
  logFile: string;
  install: KafkaInstall;
  /** Milliseconds from spawn to the broker answering on its port. */
  startupMs: number;
  stop(): Promise<void>;
  /** Kills the JVM without a clean shutdown (for fault tests; SIGKILL unless told); the data dir is kept. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the same broker again on the same port and data dir after stop() or kill(). */
  restart(): Promise<void>;
}

/** Kafka cluster ids are 16 random bytes, base64url without padding (22 characters). */
export function newClusterId(random: (size: number) => Uint8Array = randomBytes): string {
  return Buffer.from(random(16)).toString('base64url');
}

/**
 * Arguments of Kafka's storage format command. A base64url id may start with '-', which the
 * command's parser would take for an option if the id were its own argument; `--cluster-id=<id>`
 * keeps the value glued to its option.
 */
export function storageFormatArgs(clusterId: string, propsFile: string, extra: string[] = []): string[] {
  if (!/^[A-Za-z0-9_-]{22}$/.test(clusterId))
    throw new Error(`"${clusterId}" is not a Kafka cluster id (22 base64url characters)`);
  return ['format', `--cluster-id=${clusterId}`, '-c', propsFile, ...extra];
}

export async function startBroker(options: BrokerOptions = {}): Promise<RunningBroker> {
  const log = options.log ?? (() => {});
  const install = await ensureKafka(log);
  const port = options.port ?? (await freePort());
  const controllerPort = options.controllerPort ?? (await freePort());
  const nodeId = options.nodeId ?? 1;
  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'eventdesk-kafka-'));
  mkdirSync(dataDir, { recursive: true });
  const logDir = join(dataDir, 'logs');
  const logFile = join(logDir, 'server.log');
  mkdirSync(logDir, { recursive: true });

  const props: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': nodeId,
    'controller.quorum.voters': options.controllerQuorumVoters ?? `${nodeId}@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': join(dataDir, 'data'),
    'num.partitions': 1,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 5,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': 'true',
    'message.max.bytes': 16 * 1024 * 1024,
    ...options.properties,
  };
  const propsFile = join(dataDir, 'server.properties');
  writeFileSync(
    propsFile,
    Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
  const log4jFile = join(dataDir, 'log4j2.properties');
  writeFileSync(
    log4jFile,
    [
      'rootLogger.level = INFO',
      'rootLogger.appenderRef.file.ref = FILE',
      'appender.file.type = File',
      'appender.file.name = FILE',
      `appender.file.fileName = ${logFile}`,
      'appender.file.layout.type = PatternLayout',
      'appender.file.layout.pattern = [%d] %p %m (%c)%n',
      'logger.kafka.name = kafka',
      'logger.kafka.level = INFO',
      'logger.state.name = state.change.logger',
      'logger.state.level = WARN',
    ].join('\n') + '\n',
  );

  const java = (mainClass: string, args: string[], extraJvm: string[] = []) => [
    ...extraJvm,
    `-Dlog4j2.configurationFile=${log4jFile}`,
    '-cp',
    install.classpath,
    mainClass,
    ...args,
  ];

  // A start that fails leaves no temporary folder behind.
  const discardDataDir = () => {
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  if (!existsSync(join(dataDir, 'data', 'meta.properties'))) {
    try {
      await runToEnd(
        'java',
        java(
          'kafka.tools.StorageTool',
          storageFormatArgs(options.clusterId ?? newClusterId(), propsFile, options.formatArgs),
          options.jvmOptions,
        ),
        // Not the arguments themselves: --add-scram ones hold passwords.
        'kafka.tools.StorageTool format',
      );
    } catch (err) {
      discardDataDir();
      throw err;
    }
  }

  let child: ChildProcess | undefined;
  let startupMs = 0;
  // JVMs this module itself stopped or killed: their exit is not news to the owner.
  const asked = new WeakSet<ChildProcess>();
  const launch = async () => {
    const started = Date.now();
    const heap = options.heap ?? '1g';
    child = spawn(
      'java',
      java(
        'kafka.Kafka',
        [propsFile],
        [
          `-Xms256m`,
          `-Xmx${heap}`,
          '-XX:+UseG1GC',
          '-Djava.awt.headless=true',
          ...(options.jvmOptions ?? []),
        ],
      ),
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const exited = new Promise<number | null>((ok) => child!.once('exit', (code) => ok(code)));
    // EVENTDESK_KAFKA_READY_MS: more than the default minute on a machine busy with other work.
    const ready = waitForPort(port, Number(process.env.EVENTDESK_KAFKA_READY_MS) || 60_000);
    const winner = await Promise.race([
      ready.then(() => 'ready' as const),
      exited.then(() => 'exited' as const),
    ]);
    if (winner === 'exited') {
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-3000) : '';
      throw new Error(`Kafka broker exited during start-up.\n${stderr}\n${tail}`);
    }
    startupMs = Date.now() - started;
    const running = child;
    running.once('exit', (code, signal) => {
      if (!asked.has(running)) options.onUnexpectedExit?.({ pid: running.pid ?? -1, code, signal });
    });
    log(
      `Kafka ${install.version} ready on 127.0.0.1:${port} in ${(startupMs / 1000).toFixed(1)} s (pid ${child.pid})`,
    );
  };

  const terminate = async (signal: NodeJS.Signals) => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise<void>((ok) => c.once('exit', () => ok()));
    asked.add(c);
    c.kill(signal);
    const timer = setTimeout(() => c.kill('SIGKILL'), 20_000);
    await gone;
    clearTimeout(timer);
  };

  const onExit = () => child?.kill('SIGKILL');
  process.once('exit', onExit);

  try {
    await launch();
  } catch (err) {
    await terminate('SIGKILL');
    process.removeListener('exit', onExit);
    discardDataDir();
    throw err;
  }
  const broker: RunningBroker = {
    bootstrap: `127.0.0.1:${port}`,
    port,
    get pid() {
      return child?.pid ?? -1;
    },
    dataDir,
    logFile,
    install,
    get startupMs() {
      return startupMs;
    },
    async stop() {
      await terminate('SIGTERM');
      process.removeListener('exit', onExit);
      discardDataDir();
    },
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      await terminate(signal);
    },
    async restart() {
      await terminate('SIGTERM');
      await launch();
    },
  };
  return broker;
}

/** Resolves once something accepts TCP connections on the port. */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((ok) => {
      const sock = connect({ host: '127.0.0.1', port });
      sock.once('connect', () => {
        sock.destroy();
        ok(true);
      });
      sock.once('error', () => ok(false));
    });
    if (open) return;
    if (Date.now() > deadline)
      throw new Error(`nothing answered on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** Runs a command to its end and returns its standard output. Standard error is kept apart: Kafka's tools print
 * notes there ("has no active members") that would otherwise land in the middle of the table being parsed. */
function runToEnd(cmd: string, args: string[], label = args.at(-3)): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => stdout.push(d));
    child.stderr.on('data', (d: Buffer) => stderr.push(d));
    child.on('error', (err) => fail(new Error(`cannot run ${cmd} (is Java 17+ installed?): ${err.message}`)));
    child.on('exit', (code) => {
      const out = Buffer.concat(stdout).toString('utf8');
      if (code === 0) ok(out);
      else fail(new Error(`${cmd} ${label} exited ${code}: ${out}${Buffer.concat(stderr).toString('utf8')}`));
    });
  });
}

/** Runs one of Kafka's own command-line classes (e.g. the consumer-groups command) from the cached jars. */
export async function runKafkaTool(mainClass: string, args: string[]): Promise<string> {
  const install = await ensureKafka();
  return runToEnd('java', ['-Xmx256m', '-cp', install.classpath, mainClass, ...args]);
}
