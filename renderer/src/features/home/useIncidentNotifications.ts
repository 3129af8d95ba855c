// Shows each new stage incident as a desktop notification: the browser's Notifications API, which in the
// Electron window is the operating system's own notification. Asked for once, on a click (see NotifyToggle).
import { useEffect, useState } from 'react';
import { useStageHealth } from '../../api/groups';
import { useSettings } from '../../api/settings';
import { navigate } from '../shell/useRoute';
import { incidentNotices } from './incidentNotifications';

/** Incidents notified in this window and not yet cleared, across page changes. */
let active: ReadonlySet<string> = new Set<string>();

export type NotifyPermission = NotificationPermission | 'unsupported';

export function notifyPermission(): NotifyPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export function useIncidentNotifications(enabled: boolean): void {
  const health = useStageHealth();
  // Until the thresholds are read, only the status trigger is judged (the others are unknown, not clear).
  const settings = useSettings();
  useEffect(() => {
    if (!enabled || !health.data) return;
    const step = incidentNotices(health.data, settings.data, active);
    active = step.active;
    for (const notice of step.notices) {
      if (notifyPermission() !== 'granted') continue;
      const shown = new Notification(notice.title, { body: notice.body, tag: notice.key });
      shown.onclick = () => {
        window.focus();
        navigate(notice.route);
      };
    }
  }, [enabled, health.data, settings.data]);
}

/** The permission as it is now, and a request that only a click may make. */
export function useNotifyPermission(): { permission: NotifyPermission; request: () => void } {
  const [permission, setPermission] = useState<NotifyPermission>(notifyPermission);
  return {
    permission,
    request: () => {
      if (typeof Notification === 'undefined') return;
      void Notification.requestPermission().then(setPermission);
    },
  };
}
