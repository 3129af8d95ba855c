// The frame shared by every screen: header connection state, outage banners, navigation.
import type { Locator, Page } from '@playwright/test';

export class ConsolePage {
  readonly connectionState: Locator;
  readonly unreachableBanner: Locator;
  readonly unreachableReason: Locator;
  readonly backendBanner: Locator;
  readonly staleMarker: Locator;
  readonly goneNotice: Locator;
  readonly changeCluster: Locator;

  constructor(readonly page: Page) {
    this.connectionState = page.getByTestId('connection-state');
    this.unreachableBanner = page.getByTestId('unreachable-banner');
    this.unreachableReason = page.getByTestId('unreachable-reason');
    this.backendBanner = page.getByTestId('backend-banner');
    this.staleMarker = page.getByTestId('stale-marker');
    this.goneNotice = page.getByTestId('gone-notice');
    this.changeCluster = page.getByTestId('change-cluster');
  }

  async open(url: string, hashRoute = '#/cluster'): Promise<void> {
    await this.page.goto(`${url}${hashRoute}`);
  }

  async goToTopics(): Promise<void> {
    await this.page.getByTestId('nav-topics').click();
  }

  async goToGroups(): Promise<void> {
    await this.page.getByTestId('nav-groups').click();
  }

  async goToCluster(): Promise<void> {
    await this.page.getByTestId('nav-cluster').click();
  }
}
