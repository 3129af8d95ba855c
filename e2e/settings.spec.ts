// Thresholds per stage: set in Settings, kept after a reload of the page and after a restart of the console on
// the same data folder; a bad number is named and not saved. Screenshots of Settings and of the home page
// chart at 1280×720 and 1920×1080.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsolePage } from './pages/ConsolePage';
import { HomePage } from './pages/HomePage';
import { SettingsPage } from './pages/SettingsPage';
import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshots';

test('a threshold set in Settings persists after a reload and a restart', async ({ page, startConsole }) => {
  test.setTimeout(180_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'eventdesk-settings-e2e-'));
  try {
    await page.setViewportSize({ width: 1280, height: 720 });
    const first = await startConsole({ dataDir });
    const shell = new ConsolePage(page);
    await shell.open(first.url);
    await expect(shell.connectionState).toContainText('Connected to');

    const settings = new SettingsPage(page);
    await settings.open();
    await expect(page).toHaveURL(/#\/settings$/);
    await expect(settings.state('receipts')).toHaveText('default');
    await expect(settings.deadLetters('receipts')).toHaveValue('10');

    // A bad number is named and cannot be saved.
    await settings.deadLetters('receipts').fill('2.5');
    await expect(settings.stage('receipts')).toContainText('expected a whole number of dead letters');
    await expect(settings.save('receipts')).toBeDisabled();

    await settings.deadLetters('receipts').fill('3');
    await settings.stuckSla('receipts').fill('45');
    await settings.save('receipts').click();
    await expect(settings.state('receipts')).toHaveText('set');
    await expect(settings.storage).toContainText(join(dataDir, 'settings.json'));
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({
      stages: { receipts: { deadLetters: 3, stuckSlaMinutes: 45 } },
    });
    await saveScreenshot(page, 'settings-1280x720');

    await page.reload();
    await expect(settings.deadLetters('receipts')).toHaveValue('3');
    await expect(settings.stuckSla('receipts')).toHaveValue('45');
    await expect(settings.state('fraud')).toHaveText('default');

    // Nothing may hide below the fold or wrap mid-word at either size: the last row and its buttons are visible.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect(settings.save('cashback')).toBeInViewport();
    await saveScreenshot(page, 'settings-1920x1080');

    const home = new HomePage(page);
    await home.open();
    await expect(page.getByTestId('health-chart')).toBeVisible();
    await expect(page.getByTestId('health-chart')).toContainText('Lag, stuck and dead-lettered payments');
    await saveScreenshot(page, 'home-chart-1920x1080');
    await page.setViewportSize({ width: 1280, height: 720 });
    await saveScreenshot(page, 'home-chart-1280x720');

    // A new console on the same data folder has the same thresholds.
    const second = await startConsole({ dataDir });
    await shell.open(second.url);
    await settings.open();
    await expect(settings.deadLetters('receipts')).toHaveValue('3');
    await expect(settings.stuckSla('receipts')).toHaveValue('45');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
