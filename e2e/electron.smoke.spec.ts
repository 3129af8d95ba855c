// The packaged shell, where an Electron binary exists: the same renderer over IPC, through the preload's
// frozen window.eventdesk. These machines cannot download Electron, so there the test reports itself
// skipped with the reason instead of pretending to pass.
import { _electron as electron, type ElectronApplication } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { channels } from '../shared/contract';
import { ConnectPage } from './pages/ConnectPage';
import { ConsolePage } from './pages/ConsolePage';
import { expect, repoRoot, test } from './support/fixtures';

/** The path `require('electron')` gives from Node, when it names a binary that is really there. */
function findElectronBinary(): { path: string | null; reason: string } {
  const require = createRequire(import.meta.url);
  let resolved: unknown;
  try {
    resolved = require('electron');
  } catch (error) {
    return {
      path: null,
      reason: `require('electron') failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (typeof resolved !== 'string')
    return { path: null, reason: "require('electron') did not return a path" };
  if (!existsSync(resolved)) return { path: null, reason: `${resolved} does not exist` };
  return { path: resolved, reason: resolved };
}

const binary = findElectronBinary();

test('the Electron app shows the console and talks to main over IPC', async ({ kafkaBootstrap }) => {
  test.skip(binary.path === null, `skipped: no Electron binary (${binary.reason})`);
  test.setTimeout(180_000);

  const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { main: string };
  const mainEntry = join(repoRoot, packageJson.main);
  expect(existsSync(mainEntry), `${mainEntry} is missing: run "npm run build" first`).toBe(true);

  const profile = mkdtempSync(join(tmpdir(), 'eventdesk-electron-e2e-'));
  let app: ElectronApplication | undefined;
  try {
    app = await electron.launch({
      executablePath: binary.path ?? undefined,
      args: [repoRoot, `--user-data-dir=${profile}`],
      env: { ...process.env, ELECTRON_DISABLE_SECURITY_WARNINGS: 'true' },
      timeout: 120_000,
    });
    const window = await app.firstWindow();
    const shell = new ConsolePage(window);
    await expect(window.getByRole('navigation', { name: 'Main' })).toBeVisible();

    // The preload exposes exactly one frozen function per contract channel, and nothing like ipcRenderer.
    const exposed = await window.evaluate(() => {
      const api = (window as unknown as { eventdesk?: Record<string, unknown> }).eventdesk;
      if (!api) return null;
      return {
        frozen: Object.isFrozen(api),
        keys: Object.keys(api).sort(),
        allFunctions: Object.values(api).every((value) => typeof value === 'function'),
      };
    });
    expect(exposed).toEqual({ frozen: true, keys: [...channels].sort(), allFunctions: true });

    // An in-page link, not a navigation: the window denies navigating away from the app.
    await shell.changeCluster.click();
    const connect = new ConnectPage(window);
    await connect.connectTo(kafkaBootstrap);
    await expect(shell.connectionState).toContainText(`Connected to ${kafkaBootstrap.split(',')[0]}`, {
      timeout: 60_000,
    });
    await expect(window.getByTestId('fact-brokers')).toHaveText('1');
  } finally {
    await app?.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
