// What the command palette offers for the text typed: a payment id to open, the views, and the topics and
// consumer groups of the cluster. cmdk filters and ranks the list; this only builds it.
import type { GroupSummary } from '../../../../shared/groups';
import type { TopicSummary } from '../../../../shared/topics';
import { navItems } from './navItems';
import type { Route } from './route';

export interface CommandItem {
  /** Unique; also what cmdk matches the typed text against. */
  value: string;
  label: string;
  group: 'Payment' | 'Views' | 'Topics' | 'Consumer groups';
  route: Route;
}

/** The most topics and groups listed; typing narrows them, and a large cluster stays quick to open. */
export const PALETTE_LIMIT = 500;

export function commandItems(
  typed: string,
  topics: readonly TopicSummary[] | undefined,
  groups: readonly GroupSummary[] | undefined,
): CommandItem[] {
  const id = typed.trim();
  const items: CommandItem[] = [];
  // Anything typed may be a payment id: offered first, matched always.
  if (id !== '' && id.length <= 512) {
    items.push({
      value: `payment ${id}`,
      label: `Open payment ${id}`,
      group: 'Payment',
      route: { page: 'payments', paymentId: id },
    });
  }
  for (const item of navItems) {
    items.push({ value: `view ${item.label}`, label: item.label, group: 'Views', route: item.route });
  }
  for (const t of (topics ?? []).slice(0, PALETTE_LIMIT)) {
    items.push({
      value: `topic ${t.name}`,
      label: t.name,
      group: 'Topics',
      route: { page: 'topic', topic: t.name },
    });
  }
  for (const g of (groups ?? []).slice(0, PALETTE_LIMIT)) {
    items.push({
      value: `group ${g.groupId}`,
      label: g.groupId,
      group: 'Consumer groups',
      route: { page: 'group', groupId: g.groupId },
    });
  }
  return items;
}

/** The keyboard shortcuts, as the help overlay lists them. */
export const SHORTCUTS: ReadonlyArray<{ keys: string; what: string }> = [
  { keys: 'Ctrl+K / ⌘K', what: 'Open the command palette: a payment id, a topic, a group or a view' },
  { keys: '?', what: 'Show these shortcuts' },
  { keys: '↑ / ↓', what: 'Move through records while the inspector is open' },
  { keys: 'Esc', what: 'Close the palette, this help or a dialog' },
];
