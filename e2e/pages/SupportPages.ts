// Page objects of the support screens: payments, dead letters, the redelivery dialog, jobs,
// browse with its inspector, audit and the pipeline map. Locators live here; assertions in the specs.
import { expect, type Locator, type Page } from '@playwright/test';

export class PaymentsPage {
  readonly lookup: Locator;
  readonly lookupGo: Locator;
  readonly summary: Locator;
  readonly stageFilter: Locator;
  readonly stateFilter: Locator;
  readonly rows: Locator;
  readonly timeline: Locator;
  readonly timelineEntries: Locator;
  readonly redeliverStage: Locator;

  constructor(readonly page: Page) {
    this.lookup = page.getByTestId('payment-lookup');
    this.lookupGo = page.getByTestId('payment-lookup-go');
    this.summary = page.getByTestId('payments-summary');
    this.stageFilter = page.getByTestId('filter-stage');
    this.stateFilter = page.getByTestId('filter-state');
    this.rows = page.getByTestId('stuck-row');
    this.timeline = page.getByTestId('payment-timeline');
    this.timelineEntries = page.getByTestId('timeline-entry');
    this.redeliverStage = page.getByTestId('redeliver-stage');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-payments').click();
  }

  async filter(stage: string, state: string): Promise<void> {
    await this.stageFilter.selectOption(stage);
    await this.stateFilter.selectOption(state);
  }

  row(paymentId: string): Locator {
    return this.page.locator(`[data-testid="stuck-row"][data-payment-id="${paymentId}"]`);
  }

  rowStage(paymentId: string, stage: string): Locator {
    return this.row(paymentId).locator(`[data-testid="row-stage"][data-stage="${stage}"]`);
  }

  async find(paymentId: string): Promise<void> {
    await this.lookup.fill(paymentId);
    await this.lookupGo.click();
  }

  stageState(stage: string): Locator {
    return this.page.locator(`[data-testid="timeline-stage"][data-stage="${stage}"]`);
  }
}

export class DeadLettersPage {
  readonly groups: Locator;
  readonly records: Locator;
  readonly sidePanel: Locator;
  readonly inspector: Locator;
  readonly selectedRecord: Locator;
  readonly showAll: Locator;

  constructor(readonly page: Page) {
    this.groups = page.getByTestId('error-group');
    this.records = page.getByTestId('dlq-record');
    this.sidePanel = page.getByTestId('side-panel');
    this.inspector = this.sidePanel.getByTestId('inspector');
    this.selectedRecord = page.locator('[data-testid="dlq-record"][aria-selected="true"]');
    this.showAll = page.getByTestId('show-all');
  }

  async inspect(record: Locator): Promise<void> {
    await record.getByTestId('inspect-record').click();
  }

  groupOutstanding(group: Locator): Locator {
    return group.getByTestId('group-outstanding');
  }

  recordStatus(record: Locator): Locator {
    return record.getByTestId('record-status');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-dlq').click();
  }

  topic(name: string): Locator {
    return this.page.locator(`[data-testid="dlq-topic"][data-topic="${name}"]`);
  }

  async openTopic(name: string): Promise<void> {
    await this.topic(name).getByRole('link').click();
  }

  groupCount(group: Locator): Locator {
    return group.locator('[data-col="count"]');
  }

  async redeliverGroup(group: Locator): Promise<void> {
    await group.getByTestId('redeliver-group').click();
  }

  async openGroup(group: Locator): Promise<void> {
    await group.getByTestId('open-group').click();
  }
}

export class RedeliveryDialogPage {
  readonly root: Locator;
  readonly toMove: Locator;
  readonly targetTopic: Locator;
  readonly refusal: Locator;
  readonly why: Locator;
  readonly rate: Locator;
  readonly confirmTopic: Locator;
  readonly start: Locator;
  readonly progress: Locator;
  readonly moved: Locator;
  readonly confirmed: Locator;
  readonly jobState: Locator;
  readonly close: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('redelivery-dialog');
    this.toMove = this.root.getByTestId('plan-to-move');
    this.targetTopic = this.root.getByTestId('plan-target-topic');
    this.refusal = this.root.getByTestId('plan-refusal');
    this.why = this.root.getByTestId('redelivery-why');
    this.rate = this.root.getByTestId('redelivery-rate');
    this.confirmTopic = this.root.getByTestId('confirm-topic');
    this.start = this.root.getByTestId('redelivery-start');
    this.progress = this.root.getByTestId('job-progress');
    this.moved = this.root.getByTestId('job-moved');
    this.confirmed = this.root.getByTestId('job-confirmed');
    this.jobState = this.root.getByTestId('job-state');
    this.close = this.root.getByTestId('redelivery-close');
  }
}

export class JobsPage {
  readonly items: Locator;

  constructor(readonly page: Page) {
    this.items = page.getByTestId('job-item');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-jobs').click();
  }
}

export class BrowsePage {
  readonly topic: Locator;
  readonly seek: Locator;
  readonly jsonPath: Locator;
  readonly start: Locator;
  readonly cancel: Locator;
  readonly progress: Locator;
  readonly scanState: Locator;
  readonly matched: Locator;
  readonly scanned: Locator;
  readonly rows: Locator;
  readonly inspector: Locator;

  constructor(readonly page: Page) {
    this.topic = page.getByTestId('browse-topic');
    this.seek = page.getByTestId('browse-seek');
    this.jsonPath = page.getByTestId('browse-jsonpath');
    this.start = page.getByTestId('browse-start');
    this.cancel = page.getByTestId('browse-cancel');
    this.progress = page.getByTestId('scan-progress');
    this.scanState = page.getByTestId('scan-state');
    this.matched = page.getByTestId('scan-matched');
    this.scanned = page.getByTestId('scan-scanned');
    this.rows = page.getByTestId('scan-row');
    this.inspector = page.getByTestId('inspector');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-browse').click();
  }

  /** Scans one topic from its oldest record and waits until the scan is done. */
  async scanFromOldest(topic: string, timeout?: number): Promise<void> {
    await this.topic.fill(topic);
    await this.seek.selectOption('oldest');
    await this.start.click();
    await expect(this.scanState).toHaveText('Done', timeout === undefined ? {} : { timeout });
  }

  row(partition: number, offset: string): Locator {
    return this.page.locator(
      `[data-testid="scan-row"][data-partition="${partition}"][data-offset="${offset}"]`,
    );
  }

  jsonPathError(): Locator {
    return this.jsonPath.locator('xpath=..').locator('.field-problem');
  }

  inspectorValue(): Locator {
    return this.inspector.getByTestId('inspector-value');
  }

  inspectorHeader(key: string): Locator {
    return this.inspector.locator(`[data-testid="inspector-header"][data-key="${key}"] [data-col="value"]`);
  }

  inspectorHeaderKind(key: string): Locator {
    return this.inspector.locator(`[data-testid="inspector-header"][data-key="${key}"] [data-col="kind"]`);
  }

  inspectorKey(): Locator {
    return this.inspector.getByTestId('inspector-key');
  }
}

export class AuditPage {
  readonly rows: Locator;
  readonly count: Locator;
  readonly exportCsv: Locator;
  readonly exportJson: Locator;
  readonly paymentFilter: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId('audit-row');
    this.count = page.getByTestId('audit-count');
    this.exportCsv = page.getByTestId('export-csv');
    this.exportJson = page.getByTestId('export-json');
    this.paymentFilter = page.getByTestId('audit-payment');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-audit').click();
  }

  cell(row: Locator, column: 'when' | 'who' | 'why' | 'result'): Locator {
    return row.locator(`[data-col="${column}"]`);
  }
}

export class PipelineMapPage {
  readonly stages: Locator;
  readonly unmapped: Locator;
  readonly unmappedRows: Locator;

  constructor(readonly page: Page) {
    this.stages = page.getByTestId('map-stage');
    this.unmapped = page.getByTestId('unmapped-groups');
    this.unmappedRows = page.getByTestId('unmapped-group-row');
  }

  unmappedRow(groupId: string): Locator {
    return this.page.locator(`[data-testid="unmapped-group-row"][data-group-id="${groupId}"]`);
  }

  addButton(groupId: string): Locator {
    return this.page.locator(`[data-testid="unmapped-add"][data-group-id="${groupId}"]`);
  }
}

/** The inspector's reveal of personal data and the audit log's reads of it. */
export class RevealPage {
  readonly bar: Locator;
  readonly reveal: Locator;
  readonly reason: Locator;
  readonly submit: Locator;
  readonly problem: Locator;
  readonly countdown: Locator;
  readonly hide: Locator;
  readonly logRows: Locator;

  constructor(readonly page: Page) {
    this.bar = page.getByTestId('reveal-bar');
    this.reveal = page.getByTestId('reveal');
    this.reason = page.getByTestId('reveal-reason');
    this.submit = page.getByTestId('reveal-submit');
    this.problem = page.getByTestId('reveal-problem');
    this.countdown = page.getByTestId('reveal-countdown');
    this.hide = page.getByTestId('reveal-hide');
    this.logRows = page.getByTestId('reveal-row');
  }
}
