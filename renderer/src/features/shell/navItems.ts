// The views of the console, in navigation order: the left navigation and the command palette list them.
import type { Route } from './route';

export interface NavItem {
  label: string;
  route: Route;
  /** The pages that count as this item (a topic's page belongs to Topics). */
  matches: Array<Route['page']>;
  /** A heading shown above the item. */
  section?: string;
}

export const navItems: NavItem[] = [
  { label: 'Home', route: { page: 'home' }, matches: ['home'] },
  { label: 'Cluster', route: { page: 'cluster' }, matches: ['cluster'] },
  { label: 'Topics', route: { page: 'topics' }, matches: ['topics', 'topic'] },
  { label: 'Consumer groups', route: { page: 'groups' }, matches: ['groups', 'group'] },
  // Support workflows: what support staff open the console for.
  { label: 'Payments', route: { page: 'payments' }, matches: ['payments'], section: 'Support' },
  { label: 'Dead letters', route: { page: 'dlq' }, matches: ['dlq'] },
  { label: 'Worklist', route: { page: 'worklist' }, matches: ['worklist'] },
  { label: 'Browse', route: { page: 'browse' }, matches: ['browse'] },
  { label: 'Redelivery jobs', route: { page: 'jobs' }, matches: ['jobs'] },
  { label: 'Audit log', route: { page: 'audit' }, matches: ['audit'] },
  { label: 'Pipeline map', route: { page: 'map' }, matches: ['map'] },
  { label: 'Settings', route: { page: 'settings' }, matches: ['settings'] },
];
