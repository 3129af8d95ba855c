// The incident home against the real pipeline: SMTP goes down and the receipts stage is not OK on the home
// page within 15 s (the badge and the chart say so too); SMTP comes back, the dead letters are redelivered,
// and the stage is OK again.
import { ConsolePage } from './pages/ConsolePage';
import { HomePage } from './pages/HomePage';
import { expect, test } from './support/fixtures';
import { postPayment, startPaymentPipeline } from './support/paymentPipeline';
import { saveScreenshot } from './support/screenshots';

test.describe.configure({ timeout: 180_000 });

test('SMTP outage: the home page shows the receipts stage not OK within 15 s, and OK after redelivery', async ({
  page,
  kafkaBootstrap,
  startConsole,
}) => {
  // A pipeline of its own: its outage leaves dead letters that other specs must not find in theirs.
  const paymentPipeline = await startPaymentPipeline(kafkaBootstrap);
  try {
    const { sandbox, mapPath, map, apiUrl } = paymentPipeline;
    const receipts = map.stages.find((s) => s.name === 'receipts')!;
    const app = await startConsole({ pipelineMapPath: mapPath });
    await page.setViewportSize({ width: 1280, height: 720 });
    // Records the page's desktop notifications (the browser API, which Electron shows as the OS's own).
    await page.addInitScript(() => {
      const shown: string[] = [];
      Object.assign(window, { shownNotifications: shown });
      class RecordingNotification {
        static permission = 'granted';
        static requestPermission = async () => 'granted';
        onclick: (() => void) | null = null;
        constructor(title: string) {
          shown.push(title);
        }
      }
      Object.defineProperty(window, 'Notification', { value: RecordingNotification });
    });
    const notifications = () =>
      page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications);
    await new ConsolePage(page).open(app.url, '#/');
    const home = new HomePage(page);
    await expect(home.stage('receipts')).toHaveAttribute('data-status', 'OK', { timeout: 60_000 });

    await sandbox.smtp.setMode({ mode: 'down' });
    const outageAt = Date.now();
    for (let i = 0; i < 5; i++) await postPayment(apiUrl, `home-${i}`);
    await expect(home.stage('receipts')).not.toHaveAttribute('data-status', 'OK', { timeout: 15_000 });
    const noticedAfterMs = Date.now() - outageAt;
    expect(noticedAfterMs).toBeLessThan(15_000);
    // Where and since when: the headline names the stage, the row says why; other stages stay OK.
    await expect(home.headline).toContainText('receipts');
    await expect(home.headline).toContainText('since');
    await expect(home.stage('fraud')).toHaveAttribute('data-status', 'OK');
    await expect(home.homeBadge).toBeVisible();
    // The dead letters arrive (two short retry tiers) and show on the row, the nav and the chart.
    await expect(home.stage('receipts').getByTestId('stage-dead')).toHaveText('5', { timeout: 30_000 });
    await expect(home.deadLettersBadge).toHaveText('5');
    await expect(home.chartLines).toHaveAttribute('data-stages', /receipts/, { timeout: 15_000 });
    await saveScreenshot(page, 'home-incident');
    // One notification for the incident, however many samples it lasted.
    await expect.poll(notifications, { timeout: 15_000 }).toEqual(['Eventdesk: receipts is ERR']);

    // A click leads to the stage's dead letters.
    await home.deadLettersLink('receipts').click();
    await expect(page).toHaveURL(new RegExp(`#/dlq/${receipts.dlqTopic.replace(/\./g, '\\.')}$`));

    await sandbox.smtp.setMode({ mode: 'normal' });
    // The redelivery itself is the Dead letters page's (redelivery.spec.ts); here it only has to happen.
    const job = await app.backend.handlers['redelivery.start']({
      dlqTopic: receipts.dlqTopic,
      selection: { kind: 'all' },
      why: 'SMTP is back after the outage',
      ratePerSecond: 50,
      // No payment went through since SMTP came back, so the gate still sees the outage's dead letters
      // (redeliveryGate.spec.ts is about the gate); here the redelivery only has to happen.
      overrideHealth: true,
      overrideReason: 'SMTP is back; no new payment has proven it yet',
    });
    await expect
      .poll(async () => (await app.backend.handlers['redelivery.status']({ jobId: job.jobId })).state, {
        timeout: 60_000,
      })
      .toBe('done');

    await home.open();
    // OK once nothing is outstanding and the window has slid past the last new dead letter.
    await expect(home.stage('receipts')).toHaveAttribute('data-status', 'OK', { timeout: 90_000 });
    await expect(home.stage('receipts').getByTestId('stage-dead')).toHaveText('0');
    await expect(home.homeBadge).toHaveCount(0);
    await expect(home.deadLettersBadge).toHaveCount(0);
    await saveScreenshot(page, 'home-ok');
    expect(await notifications()).toEqual(['Eventdesk: receipts is ERR']);
  } finally {
    await paymentPipeline.stop();
  }
});
