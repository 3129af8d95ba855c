// A foreign DLQ (Spring's kafka_dlt-* headers, written by another team's service): triage lists a record with
// garbled headers and marks it; redelivering to the original topic needs the topic name typed out; the
// redelivery then appears in the audit log with who, when, why and result, and exports as CSV.
import { readFileSync } from 'node:fs';
import { encodeInt32BE, encodeInt64BE } from '../shared/dlqHeaders';
import { ConsolePage } from './pages/ConsolePage';
import { AuditPage, DeadLettersPage, RedeliveryDialogPage } from './pages/SupportPages';
import { expect, test } from './support/fixtures';
import { uniqueName } from './support/kafkaSetup';
import { writeStandaloneMap } from './support/paymentPipeline';
import { saveScreenshot } from './support/screenshots';

test('foreign DLQ: garbled headers marked, confirmation names the target, the redelivery is audited and exported', async ({
  page,
  kafka,
  startConsole,
}) => {
  const prefix = uniqueName('audit');
  const orders = `${prefix}.orders`;
  const dlt = `${prefix}.orders.DLT`;
  const mapFile = writeStandaloneMap(prefix);
  try {
    await kafka.produce(orders, 1, [
      { key: 'order-1', value: JSON.stringify({ orderId: 'order-1', total: 1999 }) },
    ]);
    await kafka.produce(dlt, 1, [
      {
        key: 'order-1',
        value: JSON.stringify({ orderId: 'order-1', total: 1999 }),
        headers: {
          'kafka_dlt-original-topic': orders,
          'kafka_dlt-original-partition': Buffer.from(encodeInt32BE(0)),
          'kafka_dlt-original-offset': Buffer.from(encodeInt64BE(0n)),
          'kafka_dlt-exception-fqcn': 'java.lang.IllegalStateException',
          'kafka_dlt-exception-message': 'Order order-1 could not be priced: tariff 7 missing',
        },
      },
      // A partition header of 3 bytes cannot be Spring's int32: the record is listed anyway, marked.
      {
        key: 'order-2',
        value: '{"orderId":"order-2"}',
        headers: { 'kafka_dlt-original-partition': Buffer.from([0, 0, 1]) },
      },
    ]);

    const app = await startConsole({ pipelineMapPath: mapFile.mapPath });
    await new ConsolePage(page).open(app.url, `#/dlq/${encodeURIComponent(dlt)}`);
    const dlq = new DeadLettersPage(page);
    await expect(dlq.groups).toHaveCount(2);
    await expect(page.getByTestId('group-headers-problem')).toHaveCount(1);
    const priced = dlq.groups.filter({ hasText: 'IllegalStateException' });
    await expect(priced.locator('[data-col="message"]')).toContainText('could not be priced');
    await saveScreenshot(page, 'dlq-foreign');

    await dlq.redeliverGroup(priced);
    const dialog = new RedeliveryDialogPage(page);
    await expect(dialog.toMove).toHaveText('1', { timeout: 30_000 });
    await expect(dialog.targetTopic).toHaveText(orders);
    await dialog.why.fill('pricing tariff 7 restored');
    await dialog.start.click();
    await expect(dialog.root.getByText(`Type "${orders}" to confirm the target topic.`)).toBeVisible();
    await dialog.confirmTopic.fill(orders);
    await saveScreenshot(page, 'redelivery-foreign-confirm');
    await dialog.start.click();
    await expect(dialog.moved).toHaveText('1', { timeout: 30_000 });
    await expect(dialog.jobState).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await dialog.close.click();

    const audit = new AuditPage(page);
    await audit.open();
    await expect(audit.rows).toHaveCount(1);
    const row = audit.rows.first();
    await expect(audit.cell(row, 'why')).toContainText('pricing tariff 7 restored');
    await expect(audit.cell(row, 'result')).toContainText('redelivered');
    await expect(audit.cell(row, 'who')).not.toBeEmpty();
    // Date, time and the local zone's name: a time without its zone is a guess.
    await expect(audit.cell(row, 'when')).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+$/);
    await expect(row).toContainText(`${dlt} p0 @0 → ${orders} p0`);
    await saveScreenshot(page, 'audit');

    const [download] = await Promise.all([page.waitForEvent('download'), audit.exportCsv.click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain('pricing tariff 7 restored');
    expect(csv.trim().split('\n')).toHaveLength(2);
  } finally {
    mapFile.cleanup();
  }
});

test('a stage with no running consumer: refused with the reason until the person overrides; the override is audited', async ({
  page,
  kafka,
  startConsole,
}) => {
  const prefix = uniqueName('refuse');
  const mapFile = writeStandaloneMap(prefix);
  const stage = mapFile.map.stages[0]!;
  try {
    // The stage's topics exist (the health check reads its lag on them); nothing consumes them.
    await kafka.produce(mapFile.map.sourceTopic, 1, []);
    await kafka.produce(stage.redeliveryTopic, 1, []);
    await kafka.produce(stage.dlqTopic, 1, [
      {
        key: 'pay-refused-1',
        value: JSON.stringify({ paymentId: 'pay-refused-1' }),
        headers: {
          'kafka_dlt-original-topic': mapFile.map.sourceTopic,
          'kafka_dlt-original-partition': Buffer.from(encodeInt32BE(0)),
          'kafka_dlt-original-offset': Buffer.from(encodeInt64BE(7n)),
          'kafka_dlt-exception-fqcn': 'eventdesk.receipts.SmtpUnavailable',
          'kafka_dlt-exception-message': 'SMTP server unavailable',
        },
      },
    ]);
    const app = await startConsole({ pipelineMapPath: mapFile.mapPath });
    await new ConsolePage(page).open(app.url, `#/dlq/${encodeURIComponent(stage.dlqTopic)}`);
    const dlq = new DeadLettersPage(page);
    // Entry point: one record's row in its error group.
    await dlq.openGroup(dlq.groups.first());
    await expect(dlq.records).toHaveCount(1);
    await dlq.records.first().getByTestId('redeliver-record').click();
    const dialog = new RedeliveryDialogPage(page);
    await expect(dialog.refusal).toContainText(
      `consumer group "${stage.consumerGroup}" has no active members`,
      { timeout: 30_000 },
    );
    await dialog.why.fill('receipts consumer is being redeployed; records wait in its topic');
    // Blocked until overridden: Start says so and cannot be pressed.
    await expect(dialog.start).toHaveText('Blocked by the gate');
    await expect(dialog.start).toBeDisabled();
    await expect(dialog.progress).toHaveCount(0);
    await saveScreenshot(page, 'redelivery-refused');

    await dialog.root.getByTestId('redelivery-override').check();
    // The override asks why (the gate's too: the dead letter is seconds old); the reason goes into the audit.
    await dialog.root
      .getByTestId('redelivery-override-reason')
      .fill('receipts consumer is being redeployed; records wait in its topic');
    await dialog.start.click();
    await expect(dialog.moved).toHaveText('1', { timeout: 30_000 });
    await dialog.close.click();

    const audit = new AuditPage(page);
    await audit.open();
    await expect(audit.rows).toHaveCount(1);
    await expect(audit.cell(audit.rows.first(), 'why')).toContainText('health override');
  } finally {
    mapFile.cleanup();
  }
});
