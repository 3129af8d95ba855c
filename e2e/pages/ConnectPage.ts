// The connect form.
import type { Locator, Page } from '@playwright/test';

export class ConnectPage {
  readonly form: Locator;
  readonly bootstrapInput: Locator;
  readonly submit: Locator;
  readonly problem: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByTestId('connect-form');
    this.bootstrapInput = page.getByLabel('Bootstrap servers');
    this.submit = page.getByTestId('connect-submit');
    this.problem = page.getByTestId('bootstrap-problem');
  }

  async connectTo(bootstrap: string): Promise<void> {
    await this.bootstrapInput.fill(bootstrap);
    await this.submit.click();
  }
}
