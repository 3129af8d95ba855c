// The frame around every screen: header, outage banner, left navigation, and the current page.
import type { ReactNode } from 'react';
import { EnvironmentBand } from '../access/EnvironmentBand';
import { ConnectionHeader } from './ConnectionHeader';
import { routeHref, type Route } from './route';
import { StatusBanner } from './StatusBanner';
import type { ConnectionSummary } from './useConnectionSummary';

const navItems: Array<{ label: string; route: Route; matches: Array<Route['page']>; section?: string }> = [
  { label: 'Overview', route: { page: 'overview' }, matches: ['overview'] },
  { label: 'Topics', route: { page: 'topics' }, matches: ['topics', 'topic'] },
  { label: 'Consumer groups', route: { page: 'groups' }, matches: ['groups', 'group'] },
  // Support workflows: what support staff open the console for.
  { label: 'Payments', route: { page: 'payments' }, matches: ['payments'], section: 'Support' },
  { label: 'Dead letters', route: { page: 'dlq' }, matches: ['dlq'] },
  { label: 'Browse', route: { page: 'browse' }, matches: ['browse'] },
  { label: 'Redelivery jobs', route: { page: 'jobs' }, matches: ['jobs'] },
  { label: 'Audit log', route: { page: 'audit' }, matches: ['audit'] },
  { label: 'Pipeline map', route: { page: 'map' }, matches: ['map'] },
];

export function AppShell({
  route,
  summary,
  children,
}: {
  route: Route;
  summary: ConnectionSummary;
  children: ReactNode;
}) {
  return (
    <div className="app">
      <EnvironmentBand access={summary.status?.access} />
      <ConnectionHeader summary={summary} />
      <nav className="app-nav" aria-label="Main">
        <ul>
          {navItems.map((item) => {
            const current = item.matches.includes(route.page);
            return (
              <li key={item.label}>
                {item.section ? <span className="nav-section">{item.section}</span> : null}
                <a
                  href={routeHref(item.route)}
                  aria-current={current ? 'page' : undefined}
                  data-testid={`nav-${item.route.page}`}
                >
                  {item.label}
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
      <main className="app-main">
        <StatusBanner summary={summary} />
        {children}
      </main>
    </div>
  );
}
