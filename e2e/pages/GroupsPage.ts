// The consumer-groups table and one group's per-partition detail.
import type { Locator, Page } from '@playwright/test';

export class GroupsPage {
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByTestId('groups-table');
  }

  row(groupId: string): Locator {
    return this.page.locator(`[data-testid="group-row"][data-group="${groupId}"]`);
  }

  totalLag(groupId: string): Locator {
    return this.row(groupId).locator('[data-col="total-lag"]');
  }

  lagTime(groupId: string): Locator {
    return this.row(groupId).locator('[data-col="lag-time"]');
  }

  clearsIn(groupId: string): Locator {
    return this.row(groupId).locator('[data-col="clears-in"]');
  }

  state(groupId: string): Locator {
    return this.row(groupId).locator('.badge');
  }

  protocol(groupId: string): Locator {
    return this.row(groupId).locator('[data-col="protocol"]');
  }

  async open(groupId: string): Promise<void> {
    await this.row(groupId).getByRole('link', { name: groupId }).click();
  }
}

export class GroupDetailPage {
  readonly title: Locator;
  readonly totalLag: Locator;
  readonly state: Locator;
  readonly sections: Locator;
  readonly sparkline: Locator;
  readonly lagTime: Locator;
  readonly clearsIn: Locator;
  readonly members: Locator;
  readonly protocol: Locator;
  readonly groupEpoch: Locator;
  readonly memberRows: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByTestId('group-title');
    this.members = page.getByTestId('group-members');
    this.protocol = page.getByTestId('group-protocol');
    this.groupEpoch = page.getByTestId('group-epoch');
    this.memberRows = page.getByTestId('member-row');
    this.sparkline = page.getByTestId('lag-sparkline');
    this.totalLag = page.getByTestId('group-total-lag');
    this.state = page.getByTestId('group-state');
    this.sections = page.getByTestId('topic-section');
    this.lagTime = page.getByTestId('group-lag-time');
    this.clearsIn = page.getByTestId('group-clears-in');
  }

  memberCell(
    row: Locator,
    column: 'client-id' | 'host' | 'member-epoch' | 'assignment' | 'target-assignment',
  ): Locator {
    return row.locator(`[data-col="${column}"]`);
  }

  section(topic: string): Locator {
    return this.page.locator(`[data-testid="topic-section"][data-topic="${topic}"]`);
  }

  topicLag(topic: string): Locator {
    return this.section(topic).getByTestId('topic-lag');
  }

  partition(topic: string, partition: number): Locator {
    return this.page.locator(
      `[data-testid="partition-row"][data-topic="${topic}"][data-partition="${partition}"]`,
    );
  }

  cell(
    topic: string,
    partition: number,
    column: 'committed' | 'log-start' | 'log-end' | 'lag' | 'lag-time',
  ): Locator {
    return this.partition(topic, partition).locator(`[data-col="${column}"]`);
  }

  noCommitMarker(topic: string, partition: number): Locator {
    return this.partition(topic, partition).getByTestId('no-commit');
  }

  estimatedMarker(topic: string, partition: number): Locator {
    return this.partition(topic, partition).getByTestId('lag-estimated');
  }

  deletedBeforeReadMarker(topic: string, partition: number): Locator {
    return this.partition(topic, partition).getByTestId('deleted-before-read');
  }
}
