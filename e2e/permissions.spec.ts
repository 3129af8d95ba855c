// The broker's own permissions (KIP-430), shown before anyone clicks: connected as a viewer, the dead-letter
// screen says Redeliver is off and why, naming the topic and the operation; as the operator it is on.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectionProfileSchema } from '../shared/access';
import { partitionForKey } from '../shared/partitioner';
import { createKafkajsRecords } from '../main/core/kafka/kafkajsRecords';
import { kafkajsSecurityConfig } from '../main/core/kafka/kafkajsSecurity';
import { saslSslProfile } from '../main/core/test/secureProfiles';
import { createMapTopics, testPipelineMap } from '../main/core/test/testPipeline';
import { startSecureTestBroker, type SecureTestBroker } from '../tools/test/secureBroker';
import { uniqueName } from '../tools/test/names';
import { ConsolePage } from './pages/ConsolePage';
import { DeadLettersPage } from './pages/SupportPages';
import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshots';

let secure: SecureTestBroker;
let dir: string;
// The operator may write topics under "payments." only: the whole test pipeline lives there.
const map = testPipelineMap(uniqueName('payments.e2e-permissions'));
const stage = map.stages[0]!;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  secure = await startSecureTestBroker();
  const admin = createKafkajsRecords({
    brokers: [secure.saslSsl],
    config: kafkajsSecurityConfig({
      tls: { ca: readFileSync(secure.certs.caFile, 'utf8'), verifyHostname: true },
      sasl: { mechanism: 'SCRAM-SHA-512', ...secure.users.admin },
    }),
  });
  try {
    await createMapTopics(admin, map, 1);
    const paymentId = `${map.name}-pay-1`;
    await admin.produce([
      {
        topic: stage.dlqTopic,
        partition: partitionForKey(paymentId, 1),
        key: paymentId,
        value: JSON.stringify({ paymentId }),
        headers: [{ key: 'kafka_dlt-exception-fqcn', value: new TextEncoder().encode('SmtpError') }],
      },
    ]);
  } finally {
    await admin.close();
  }
  dir = mkdtempSync(join(tmpdir(), 'eventdesk-e2e-permissions-'));
  writeFileSync(join(dir, 'map.json'), JSON.stringify(map));
});
test.afterAll(async () => {
  await secure?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a viewer sees Redeliver off with the topic and operation it lacks; the operator sees it on', async ({
  page,
  startConsole,
}) => {
  const app = await startConsole({ bootstrap: null, pipelineMapPath: join(dir, 'map.json') });
  const h = app.backend.handlers;
  for (const role of ['viewer', 'operator'] as const)
    await h['access.saveProfile']({ profile: connectionProfileSchema.parse(saslSslProfile(secure, role)) });
  await h['access.connect']({ name: 'viewer-scram512' });

  const shell = new ConsolePage(page);
  await shell.open(app.url);
  const dlq = new DeadLettersPage(page);
  await dlq.open();
  await dlq.openTopic(stage.dlqTopic);
  const group = dlq.groups.first();
  await expect(group).toContainText('SmtpError');
  const note = page.getByTestId('write-blocked');
  await expect(note).toHaveText(
    `Redeliver is off: you may not write to ${stage.redeliveryTopic} (needs WRITE on that topic)`,
  );
  await expect(group.getByTestId('redeliver-group')).toBeDisabled();
  await saveScreenshot(page, 'permissions-viewer-dead-letters');

  // The same screen as the operator, who may write the redelivery topic and the ledger.
  await page.getByTestId('change-cluster').click();
  await page.getByTestId('saved-profile-operator-scram512').getByRole('button', { name: 'Connect' }).click();
  await expect(shell.connectionState).toContainText('Connected to');
  await dlq.open();
  await dlq.openTopic(stage.dlqTopic);
  await expect(dlq.groups.first()).toContainText('SmtpError');
  await expect(dlq.groups.first().getByTestId('redeliver-group')).toBeEnabled();
  await expect(page.getByTestId('write-blocked')).toHaveCount(0);
});
