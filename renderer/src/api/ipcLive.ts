// Live events inside Electron: window.eventdesk.on follows an event through the preload. IPC has no link to
// lose, so an event is live as soon as it is followed.
import type { EventdeskApi } from '../../../shared/contract';
import { parseLivePayload, type LiveEvent } from '../../../shared/live';
import type { LiveLink } from './linkStatus';

export function ipcLiveLink(api: EventdeskApi): LiveLink {
  const followed = new Map<LiveEvent, number>();
  const changes = new Set<() => void>();
  const changed = () => {
    for (const listener of [...changes]) listener();
  };
  return {
    subscribe(event, listener) {
      const stop = api.on(event, (payload) => {
        const parsed = parseLivePayload(event, payload);
        if (parsed) listener(parsed);
      });
      followed.set(event, (followed.get(event) ?? 0) + 1);
      if (followed.get(event) === 1) changed();
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        stop();
        const left = (followed.get(event) ?? 1) - 1;
        if (left > 0) followed.set(event, left);
        else {
          followed.delete(event);
          changed();
        }
      };
    },
    isLive: (event) => followed.has(event),
    onChange(listener) {
      changes.add(listener);
      return () => changes.delete(listener);
    },
  };
}
