// The worklist panel on a payment or error group, and the Worklist page.
import type { Locator, Page } from '@playwright/test';

export class WorklistPanel {
  readonly assignee: Locator;
  readonly state: Locator;
  readonly assignToMe: Locator;
  readonly conflict: Locator;
  readonly note: Locator;
  readonly log: Locator;
  readonly reason: Locator;
  readonly resolve: Locator;

  constructor(readonly page: Page) {
    const panel = page.getByTestId('worklist-controls');
    this.assignee = panel.getByTestId('worklist-assignee');
    this.state = panel.getByTestId('worklist-state');
    this.assignToMe = panel.getByTestId('worklist-assign-me');
    this.conflict = panel.getByTestId('worklist-conflict');
    this.note = panel.getByTestId('worklist-note');
    this.log = panel.getByTestId('worklist-log');
    this.reason = panel.getByTestId('worklist-reason');
    this.resolve = panel.getByTestId('worklist-resolve');
  }

  async addNote(text: string): Promise<void> {
    await this.note.fill(text);
    await this.note.press('Enter');
  }
}

export class WorklistListPage {
  readonly rows: Locator;
  readonly assigneeFilter: Locator;
  readonly stateFilter: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId('worklist-row');
    this.assigneeFilter = page.getByTestId('worklist-filter-assignee');
    this.stateFilter = page.getByTestId('worklist-filter-state');
  }
}
