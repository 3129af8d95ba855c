// Renders the banner to static HTML (no DOM needed) for each connection situation.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../../shared/cluster';
import { describeConnection, describeLink } from './connectionText';
import { StatusBanner } from './StatusBanner';
import type { ConnectionSummary } from './useConnectionSummary';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();

function summaryFor(status: ConnectionStatus, now = 0): ConnectionSummary {
  return { status, statusError: null, link: null, cluster: describeConnection(status, now) };
}

describe('StatusBanner', () => {
  it('stays away while connected', () => {
    const html = renderToStaticMarkup(
      <StatusBanner
        summary={summaryFor({ state: 'connected', bootstrap: ['k:9092'], attempts: 0, since: 0 })}
      />,
    );
    expect(html).toBe('');
  });

  it('says what cannot be reached, why, and when it retries', () => {
    const status: ConnectionStatus = {
      state: 'unreachable',
      bootstrap: ['127.0.0.1:1'],
      error: 'Cannot reach 127.0.0.1:1: connection refused (nothing is listening on that port)',
      attempts: 2,
      nextRetryAt: 5_000,
      since: 0,
    };
    const html = renderToStaticMarkup(<StatusBanner summary={summaryFor(status, 1_000)} />);
    expect(html).toContain('data-testid="unreachable-banner"');
    expect(text(html)).toContain(
      'Cannot reach 127.0.0.1:1 — connection refused (nothing is listening on that port), retrying in 4 s (attempt 2).',
    );
  });

  it('puts a backend-link problem first', () => {
    const summary: ConnectionSummary = {
      ...summaryFor({ state: 'connected', bootstrap: ['k:9092'], attempts: 0, since: 0 }),
      link: describeLink(
        { state: 'token_rejected', message: 'Open the address printed by "npm run console" again.' },
        0,
      ),
    };
    const html = renderToStaticMarkup(<StatusBanner summary={summary} />);
    expect(html).toContain('data-testid="backend-banner"');
    expect(text(html)).toContain('The console backend refused this page');
  });
});
