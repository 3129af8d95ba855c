// The connection profile editor on the connect screen.
import type { Locator, Page } from '@playwright/test';

export class ProfileEditorPage {
  readonly editor: Locator;
  readonly testButton: Locator;
  readonly connectButton: Locator;
  readonly steps: Locator;
  readonly environmentBand: Locator;

  constructor(readonly page: Page) {
    this.editor = page.getByTestId('profile-editor');
    this.testButton = page.getByTestId('profile-test');
    this.connectButton = page.getByTestId('profile-connect');
    this.steps = page.getByTestId('connection-steps');
    this.environmentBand = page.getByTestId('environment-band');
  }

  field(label: string): Locator {
    return this.editor.getByLabel(label, { exact: true });
  }

  problem(field: string): Locator {
    return this.page.getByTestId(`profile-problem-${field}`);
  }

  step(name: string): Locator {
    return this.page.getByTestId(`step-${name}`);
  }
}
