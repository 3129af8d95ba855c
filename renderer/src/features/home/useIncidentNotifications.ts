// Shows each new stage incident as a desktop notification: the browser's Notifications API, which in the
// Electron window is the operating system's own notification. Asked for once, on a click (see NotifyToggle).
import { useEffect, useState } from 'react';
import { useStageHealth } from '../../api/groups';
import { navigate } from '../shell/useRoute';
import { incidentNotices } from './incidentNotifications';

/** Keys of incidents already shown in this window, across page changes. */
const notified = new Set<string>();

export type NotifyPermission = NotificationPermission | 'unsupported';

export function notifyPermission(): NotifyPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export function useIncidentNotifications(enabled: boolean): void {
  const health = useStageHealth();
  useEffect(() => {
    if (!enabled || !health.data) return;
    const notices = incidentNotices(health.data, notified);
    for (const notice of notices) {
      notified.add(notice.key);
      if (notifyPermission() !== 'granted') continue;
      const shown = new Notification(notice.title, { body: notice.body, tag: notice.key });
      shown.onclick = () => {
        window.focus();
        navigate(notice.route);
      };
    }
  }, [enabled, health.data]);
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
