// The settings page: one row per stage with its dead-letter threshold and stuck-payment SLA.
import type { Locator, Page } from '@playwright/test';

export class SettingsPage {
  readonly table: Locator;
  readonly storage: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByTestId('settings-table');
    this.storage = page.getByTestId('settings-storage');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-settings').click();
  }

  stage(name: string): Locator {
    return this.page.locator(`[data-testid="settings-stage"][data-stage="${name}"]`);
  }

  deadLetters(name: string): Locator {
    return this.stage(name).getByTestId('threshold-dead-letters');
  }

  stuckSla(name: string): Locator {
    return this.stage(name).getByTestId('threshold-stuck-sla');
  }

  save(name: string): Locator {
    return this.stage(name).getByTestId('settings-save');
  }

  state(name: string): Locator {
    return this.stage(name).getByTestId('settings-state');
  }
}
