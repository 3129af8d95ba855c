// The home page: the headline, one row per stage with its status and numbers, the chart, the nav badges.
import type { Locator, Page } from '@playwright/test';

export class HomePage {
  readonly headline: Locator;
  readonly chartLines: Locator;
  readonly homeBadge: Locator;
  readonly deadLettersBadge: Locator;

  constructor(readonly page: Page) {
    this.headline = page.getByTestId('health-headline');
    this.chartLines = page.getByTestId('chart-lines');
    this.homeBadge = page.getByTestId('nav-badge-home');
    this.deadLettersBadge = page.getByTestId('nav-badge-dlq');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-home').click();
  }

  stage(name: string): Locator {
    return this.page.locator(`[data-testid="stage-health"][data-stage="${name}"]`);
  }

  deadLettersLink(name: string): Locator {
    return this.stage(name).getByTestId('stage-dead').getByRole('link');
  }
}
