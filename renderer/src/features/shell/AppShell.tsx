// The frame around every screen: header, outage banner, left navigation, and the current page.
import type { ReactNode } from 'react';
import { useStageHealth } from '../../api/groups';
import { navBadges, statusTone } from '../home/homeRows';
import { useIncidentNotifications } from '../home/useIncidentNotifications';
import { CommandPalette } from './CommandPalette';
import { EnvironmentBand } from '../access/EnvironmentBand';
import { ConnectionHeader } from './ConnectionHeader';
import { navItems } from './navItems';
import { routeHref, type Route } from './route';
import { StatusBanner } from './StatusBanner';
import type { ConnectionSummary } from './useConnectionSummary';

/** What needs attention, on the navigation itself: stages not OK on Home, dead letters waiting on Dead letters. */
function NavBadge({ page }: { page: Route['page'] }) {
  // Only while connected: the shell also frames the connect form, where there is nothing to judge.
  const health = useStageHealth();
  const badges = navBadges(health.data);
  if (page === 'home' && badges.home)
    return (
      <span
        className={`badge nav-badge ${statusTone[badges.home.status]}`}
        data-testid="nav-badge-home"
        data-status={badges.home.status}
        title={`${badges.home.count} stage${badges.home.count === 1 ? '' : 's'} not OK`}
      >
        {badges.home.count}
      </span>
    );
  if (page === 'dlq' && badges.deadLetters > 0)
    return (
      <span
        className="badge nav-badge tone-problem"
        data-testid="nav-badge-dlq"
        title={`${badges.deadLetters} dead letters not redelivered`}
      >
        {badges.deadLetters}
      </span>
    );
  return null;
}

/** Mounted while connected: a desktop notification for each new stage incident. */
function IncidentNotifier() {
  useIncidentNotifications(true);
  return null;
}

export function AppShell({
  route,
  summary,
  children,
}: {
  route: Route;
  summary: ConnectionSummary;
  children: ReactNode;
}) {
  const connected = summary.status?.state === 'connected';
  return (
    <div className="app">
      <EnvironmentBand access={summary.status?.access} />
      <ConnectionHeader summary={summary} />
      <CommandPalette />
      {connected ? <IncidentNotifier /> : null}
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
                  {connected && (item.route.page === 'home' || item.route.page === 'dlq') ? (
                    <NavBadge page={item.route.page} />
                  ) : null}
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
