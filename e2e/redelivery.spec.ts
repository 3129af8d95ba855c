// The outage scenario against the real broker and the real pipeline: the SMTP server goes down, payments
// made through the payment API get stuck at `receipts` with the SMTP error, the server comes back, a person
// redelivers the error group in the console, every payment is confirmed, and each customer got one receipt.
import { ConsolePage } from './pages/ConsolePage';
import { DeadLettersPage, JobsPage, PaymentsPage, RedeliveryDialogPage } from './pages/SupportPages';
import { expect, test } from './support/fixtures';
import { postPayment, receiptsPerPayment, type PaymentPipeline } from './support/paymentPipeline';
import { saveScreenshot } from './support/screenshots';

/** Pays `count` times while SMTP is down and waits until every payment's receipt is dead-lettered. */
async function paymentsStuckAtReceipts(
  pipeline: PaymentPipeline,
  count: number,
  customerPrefix: string,
): Promise<string[]> {
  const { sandbox, apiUrl } = pipeline;
  await sandbox.smtp.setMode({ mode: 'down' });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await postPayment(apiUrl, `${customerPrefix}-${i}`));
  return ids;
}

test.describe.configure({ timeout: 150_000 });

test('SMTP outage: stuck at receipts with the SMTP error, the error group redelivered, every payment confirmed, one receipt each', async ({
  page,
  paymentPipeline,
  startConsole,
}) => {
  const { sandbox, mapPath, map, apiUrl } = paymentPipeline;
  const receipts = map.stages.find((s) => s.name === 'receipts')!;
  const paymentIds = await paymentsStuckAtReceipts(paymentPipeline, 4, 'outage');

  const app = await startConsole({ pipelineMapPath: mapPath });
  const shell = new ConsolePage(page);
  await shell.open(app.url, '#/payments');
  const payments = new PaymentsPage(page);
  await payments.filter('receipts', 'dead-lettered');
  // Each payment walks two retry tiers (0.3 s, 0.8 s) into the DLQ; the list refreshes every few seconds.
  for (const id of paymentIds) {
    await expect(payments.rowStage(id, 'receipts')).toHaveAttribute('data-state', 'dead-lettered', {
      timeout: 45_000,
    });
  }
  // The reason is the SMTP failure the stage recorded in the dead-letter headers.
  await expect(payments.rowStage(paymentIds[0]!, 'receipts')).toContainText(/ECONNREFUSED|SMTP|connect/i);
  await saveScreenshot(page, 'payments-stuck');

  // One payment's timeline: source, two retries, the DLQ, each stage's state.
  await payments.find(paymentIds[0]!);
  await expect(payments.stageState('receipts')).toHaveAttribute('data-state', 'dead-lettered');
  await expect(payments.stageState('fraud')).toHaveAttribute('data-state', 'done');
  await expect(
    payments.timelineEntries.filter({ has: page.locator('.badge', { hasText: 'dlq' }) }),
  ).toHaveCount(1);
  await expect(payments.redeliverStage).toBeVisible();
  await saveScreenshot(page, 'payment-timeline');

  // SMTP back, and a new payment through the stage: the redelivery gate sees the stage work again.
  await sandbox.smtp.setMode({ mode: 'normal' });
  await postPayment(apiUrl, 'outage-after');

  const dlq = new DeadLettersPage(page);
  await dlq.open();
  await dlq.openTopic(receipts.dlqTopic);
  await expect(dlq.groups).toHaveCount(1);
  const group = dlq.groups.first();
  // The pipeline is shared by the specs of this worker: an earlier outage may have left dead letters here that
  // were redelivered since. This outage's records are what is outstanding, and the list shows only those.
  await expect(dlq.groupOutstanding(group)).toHaveText(String(paymentIds.length));
  await dlq.openGroup(group);
  await expect(dlq.records).toHaveCount(paymentIds.length);
  // The inspector opens beside the list, in view; the arrow keys move through the records.
  await dlq.inspect(dlq.records.first());
  await expect(dlq.sidePanel).toBeInViewport();
  await expect(dlq.selectedRecord).toHaveAttribute(
    'data-payment-id',
    (await dlq.records.first().getAttribute('data-payment-id'))!,
  );
  await page.keyboard.press('ArrowDown');
  const second = await dlq.records.nth(1).getAttribute('data-payment-id');
  await expect(dlq.selectedRecord).toHaveAttribute('data-payment-id', second!);
  await expect(dlq.inspector.getByTestId('inspector-key')).toContainText(second!);
  await saveScreenshot(page, 'dead-letters');
  // At 1920 px the group's two actions sit side by side (at 1280 they may stack, and stay on screen).
  await page.setViewportSize({ width: 1920, height: 1080 });
  const actions = page.getByTestId('error-groups').locator('.actions-cell').first().getByRole('button');
  const [records, redeliver] = [await actions.nth(0).boundingBox(), await actions.nth(1).boundingBox()];
  // One line: the two buttons overlap vertically (a stacked pair would not).
  expect(redeliver!.y, 'the two actions on one line').toBeLessThan(records!.y + records!.height);
  expect(records!.y, 'the two actions on one line').toBeLessThan(redeliver!.y + redeliver!.height);
  expect(redeliver!.x + redeliver!.width).toBeLessThanOrEqual(1920);
  await saveScreenshot(page, 'dead-letters-1920x1080');
  await page.setViewportSize({ width: 1280, height: 720 });

  await dlq.redeliverGroup(group);
  const dialog = new RedeliveryDialogPage(page);
  await expect(dialog.toMove).toHaveText(String(paymentIds.length), { timeout: 30_000 });
  await expect(dialog.targetTopic).toHaveText(receipts.redeliveryTopic);
  await expect(dialog.root.getByTestId('gate')).toHaveAttribute('data-failing', 'false', { timeout: 45_000 });
  // Start without a reason: the field says what is missing, and nothing starts.
  await dialog.start.click();
  await expect(dialog.root.getByText('Say why you redeliver')).toBeVisible();
  await dialog.why.fill('SMTP provider is back after the outage');
  await saveScreenshot(page, 'redelivery-plan');
  await dialog.start.click();

  await expect(dialog.moved).toHaveText(String(paymentIds.length), { timeout: 30_000 });
  // Closed loop: the stage's outcome (receipts.sent) is seen for each redelivered payment.
  await expect(dialog.confirmed).toHaveText(String(paymentIds.length), { timeout: 60_000 });
  await expect(dialog.jobState).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await saveScreenshot(page, 'redelivery-done');
  await dialog.close.click();

  // Handled: nothing of the group is outstanding, Redeliver group is off, every record reads confirmed.
  await expect(dlq.groupOutstanding(group)).toHaveText('0', { timeout: 30_000 });
  await expect(group.getByTestId('redeliver-group')).toBeDisabled();
  await expect(dlq.records).toHaveCount(0);
  await dlq.showAll.click();
  await expect(dlq.records).toHaveCount(paymentIds.length);
  for (const record of await dlq.records.all())
    await expect(dlq.recordStatus(record)).toHaveAttribute('data-status', 'confirmed');

  // Every payment turned confirmed: the timeline says receipts is done, nothing is dead-lettered any more.
  await payments.open();
  await payments.find(paymentIds[0]!);
  await expect(payments.stageState('receipts')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(
    payments.timelineEntries.filter({ has: page.locator('.badge', { hasText: 'redelivery' }) }),
  ).toHaveCount(1);
  await payments.filter('receipts', 'dead-lettered');
  for (const id of paymentIds) await expect(payments.row(id)).toHaveCount(0, { timeout: 30_000 });

  const jobs = new JobsPage(page);
  await jobs.open();
  await expect(jobs.items).toHaveCount(1);
  await saveScreenshot(page, 'redelivery-jobs');

  const perPayment = receiptsPerPayment(sandbox, paymentIds);
  expect(perPayment).toEqual(Object.fromEntries(paymentIds.map((id) => [id, 1])));
});

test('a double click on Start, and two consoles redelivering the same record, still send one receipt', async ({
  browser,
  paymentPipeline,
  startConsole,
}) => {
  const { sandbox, mapPath, map, apiUrl } = paymentPipeline;
  const receipts = map.stages.find((s) => s.name === 'receipts')!;
  const [paymentId] = await paymentsStuckAtReceipts(paymentPipeline, 1, 'twice');
  const consoleA = await startConsole({ pipelineMapPath: mapPath });
  const consoleB = await startConsole({ pipelineMapPath: mapPath });
  // Two people, two browser profiles, two backends and bridges: they share only the cluster and its ledger.
  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  try {
    const pageA = await contextA.newPage();
    const pageB = await contextB.newPage();
    const paymentsA = new PaymentsPage(pageA);
    const paymentsB = new PaymentsPage(pageB);
    await new ConsolePage(pageA).open(consoleA.url, `#/payments/${encodeURIComponent(paymentId!)}`);
    await new ConsolePage(pageB).open(consoleB.url, `#/payments/${encodeURIComponent(paymentId!)}`);
    await expect(paymentsA.stageState('receipts')).toHaveAttribute('data-state', 'dead-lettered', {
      timeout: 45_000,
    });
    await expect(paymentsB.stageState('receipts')).toHaveAttribute('data-state', 'dead-lettered', {
      timeout: 45_000,
    });
    await sandbox.smtp.setMode({ mode: 'normal' });
    await postPayment(apiUrl, 'twice-after');

    // Both open the payment's redelivery dialog and see the same plan: one record to the receipts stage.
    await paymentsA.redeliverStage.click();
    await paymentsB.redeliverStage.click();
    const dialogA = new RedeliveryDialogPage(pageA);
    const dialogB = new RedeliveryDialogPage(pageB);
    await expect(dialogA.toMove).toHaveText('1', { timeout: 30_000 });
    await expect(dialogB.toMove).toHaveText('1', { timeout: 30_000 });
    await expect(dialogA.targetTopic).toHaveText(receipts.redeliveryTopic);
    for (const dialog of [dialogA, dialogB])
      await expect(dialog.root.getByTestId('gate')).toHaveAttribute('data-failing', 'false', {
        timeout: 45_000,
      });
    await dialogA.why.fill('double click from console A');
    await dialogB.why.fill('same record from console B');

    // A double-clicks; B clicks at the same moment.
    await Promise.all([dialogA.start.dblclick(), dialogB.start.click()]);
    await expect(dialogA.progress).toBeVisible({ timeout: 30_000 });
    await expect(dialogB.progress).toBeVisible({ timeout: 30_000 });
    await expect(dialogA.jobState).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(dialogB.jobState).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    // Exactly one of the two jobs moved the record; the other skipped it as already redelivered.
    const moved = Number(await dialogA.moved.textContent()) + Number(await dialogB.moved.textContent());
    expect(moved).toBe(1);
    await saveScreenshot(pageA, 'redelivery-console-a');

    // The double click made one job, not two.
    const jobsA = await consoleA.backend.handlers['redelivery.list']({});
    expect(jobsA.filter((j) => j.why === 'double click from console A')).toHaveLength(1);

    await expect
      .poll(() => receiptsPerPayment(sandbox, [paymentId!])[paymentId!], { timeout: 30_000 })
      .toBe(1);
    await expect(paymentsA.stageState('receipts')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    // Give a duplicate every chance to show up (retry tiers are under a second) before the final count.
    await pageA.waitForTimeout(2_000);
    expect(receiptsPerPayment(sandbox, [paymentId!])).toEqual({ [paymentId!]: 1 });
  } finally {
    await contextA.close();
    await contextB.close();
  }
});
