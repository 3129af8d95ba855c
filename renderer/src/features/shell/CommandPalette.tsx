// Ctrl/Cmd+K: jump to a payment id, a topic, a consumer group or a view without the mouse; "?" lists the
// shortcuts. Built on cmdk (filtering, ranking, keyboard and ARIA roles of a combobox).
import { Command } from 'cmdk';
import { useEffect, useState } from 'react';
import { refreshMs, useChannelQuery } from '../../api/channelQuery';
import { commandItems, SHORTCUTS, type CommandItem } from './commandItems';
import { navigate } from './useRoute';

/** True when the key press belongs to a text field (a "?" typed into a filter is not a shortcut). */
function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <div className="palette-backdrop" onClick={onClose} role="presentation">
      <section
        className="panel help-overlay"
        role="dialog"
        aria-label="Keyboard shortcuts"
        data-testid="shortcut-help"
        onClick={(e) => e.stopPropagation()}
      >
        <h2>Keyboard shortcuts</h2>
        <table className="data-table">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td className="nowrap">
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="button-quiet" onClick={onClose}>
          Close
        </button>
      </section>
    </div>
  );
}

const GROUPS: ReadonlyArray<CommandItem['group']> = ['Payment', 'Views', 'Topics', 'Consumer groups'];

export function CommandPalette() {
  const [open, setOpen] = useState(false);
  const [help, setHelp] = useState(false);
  const [typed, setTyped] = useState('');
  // Asked only while the palette is open; the cached answers of the Topics and Groups pages are reused.
  const topics = useChannelQuery('topics.list', {}, { enabled: open, staleTime: refreshMs.slow });
  const groups = useChannelQuery('groups.list', {}, { enabled: open, staleTime: refreshMs.slow });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setHelp(false);
        setOpen((was) => !was);
      } else if (event.key === '?' && !typingInField(event.target)) {
        event.preventDefault();
        setOpen(false);
        setHelp(true);
      } else if (event.key === 'Escape') {
        setHelp(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const items = commandItems(typed, topics.data, groups.data);
  const go = (item: CommandItem) => {
    setOpen(false);
    setTyped('');
    navigate(item.route);
  };

  return (
    <>
      {help ? <HelpOverlay onClose={() => setHelp(false)} /> : null}
      <Command.Dialog
        open={open}
        onOpenChange={setOpen}
        label="Go to a payment, topic, group or view"
        className="palette"
        overlayClassName="palette-backdrop"
        // The payment item always matches what was typed; cmdk ranks the rest.
        filter={(value, search) =>
          value.startsWith('payment ') || value.toLowerCase().includes(search.toLowerCase()) ? 1 : 0
        }
      >
        <Command.Input
          value={typed}
          onValueChange={setTyped}
          placeholder="Payment id, topic, group or view…"
          data-testid="palette-input"
        />
        <Command.List data-testid="palette-list">
          <Command.Empty>Nothing matches. Type a payment id to open its timeline.</Command.Empty>
          {GROUPS.map((group) => {
            const inGroup = items.filter((i) => i.group === group);
            if (inGroup.length === 0) return null;
            return (
              <Command.Group key={group} heading={group}>
                {inGroup.map((item) => (
                  <Command.Item
                    key={item.value}
                    value={item.value}
                    onSelect={() => go(item)}
                    data-testid="palette-item"
                  >
                    {item.label}
                  </Command.Item>
                ))}
              </Command.Group>
            );
          })}
        </Command.List>
      </Command.Dialog>
    </>
  );
}
