// `npm run kafka -- provision | start [--port N] [--data DIR] | cluster [--brokers N] | secure [--port N]
// [--data DIR]`: local Kafka from the command line.
import { parseArgs } from 'node:util';
import { ensureKafka } from './provision.js';
import { startBroker } from './broker.js';
import { startCluster } from './cluster.js';
import { startSecureBroker } from './secureBroker.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { port: { type: 'string' }, data: { type: 'string' }, brokers: { type: 'string' } },
});
const command = positionals[0] ?? 'start';
const log = (line: string) => console.log(`[kafka] ${line}`);

if (command === 'provision') {
  const install = await ensureKafka(log);
  log(`Kafka ${install.version} jars in ${install.libDir}`);
} else if (command === 'start') {
  const broker = await startBroker({
    port: values.port ? Number(values.port) : undefined,
    dataDir: values.data,
    log,
  });
  log(`bootstrap servers: ${broker.bootstrap}   (Ctrl-C stops the broker)`);
  const shutdown = async () => {
    log('stopping ...');
    await broker.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} else if (command === 'cluster') {
  const cluster = await startCluster({ brokers: values.brokers ? Number(values.brokers) : 3, log });
  log(`bootstrap servers: ${cluster.bootstrap}   (Ctrl-C stops the cluster and removes its data)`);
  const shutdown = async () => {
    log('stopping ...');
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} else if (command === 'secure') {
  const secure = await startSecureBroker({
    port: values.port ? Number(values.port) : undefined,
    dir: values.data,
    log,
  });
  log(`SASL_SSL (SCRAM-SHA-256, SCRAM-SHA-512, PLAIN, OAUTHBEARER with unsecured JWTs): ${secure.saslSsl}`);
  log(`SSL with client certificates: ${secure.mtls}   PLAINTEXT (no rights): ${secure.plaintext}`);
  log(`CA file: ${secure.certs.caFile}`);
  for (const [role, user] of Object.entries(secure.users))
    log(`${role}: ${user.username} / ${user.password}`);
  log(`everything above, as JSON: ${secure.dir}/secure-broker.json   (Ctrl-C stops the broker)`);
  const shutdown = async () => {
    log('stopping ...');
    await secure.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} else {
  console.error(
    `unknown command "${command}"; use: provision | start [--port N] [--data DIR] | cluster [--brokers N] | secure [--port N] [--data DIR]`,
  );
  process.exit(2);
}
