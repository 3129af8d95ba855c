// The console's own settings (kept in main): the notification thresholds per stage, and changing one stage's.
import { useChannelMutation, useChannelQuery } from './channelQuery';

// Only this console changes them and a change refetches them at once; the minute's poll picks up a map edit.
export const useSettings = () => useChannelQuery('settings.get', {}, { refetchInterval: 60_000 });

export const useSetStageThresholds = () =>
  useChannelMutation('settings.setStageThresholds', { invalidates: ['settings.get'] });

export const useResetStageThresholds = () =>
  useChannelMutation('settings.resetStageThresholds', { invalidates: ['settings.get'] });
