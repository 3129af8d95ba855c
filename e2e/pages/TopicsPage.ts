// The topics table; rows are virtualised, so look one up by filtering to its name first.
import type { Locator, Page } from '@playwright/test';

export class TopicsPage {
  readonly table: Locator;
  readonly filter: Locator;
  readonly showInternal: Locator;
  readonly count: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByTestId('topics-table');
    this.filter = page.getByTestId('topic-filter');
    this.showInternal = page.getByTestId('show-internal');
    this.count = page.getByTestId('topic-count');
  }

  row(topic: string): Locator {
    return this.page.locator(`[data-testid="topic-row"][data-topic="${topic}"]`);
  }

  messages(topic: string): Locator {
    return this.row(topic).locator('[data-col="messages"]');
  }

  partitions(topic: string): Locator {
    return this.row(topic).locator('[data-col="partitions"]');
  }

  goneBadge(topic: string): Locator {
    return this.row(topic).getByTestId('topic-gone');
  }

  async filterBy(text: string): Promise<void> {
    await this.filter.fill(text);
  }
}

export class TopicDetailPage {
  readonly title: Locator;
  readonly messageCount: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByTestId('topic-title');
    this.messageCount = page.getByTestId('topic-message-count');
  }

  partition(partition: number): Locator {
    return this.page.locator(`[data-testid="topic-partition-row"][data-partition="${partition}"]`);
  }

  cell(partition: number, column: 'log-start' | 'log-end' | 'messages'): Locator {
    return this.partition(partition).locator(`[data-col="${column}"]`);
  }
}
