// A browse scan runs on the server: start it, follow its progress with a results cursor until it ends,
// cancel it. react-query does not model a cursor that accumulates, so this follows it by hand.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScanProgress } from '../../../../shared/browse';
import type { AppError } from '../../../../shared/failure';
import type { RecordView } from '../../../../shared/recordView';
import type { BrowseInput } from '../../api/browse';
import { useChannelCall } from '../../api/channelQuery';

const SCAN_POLL_MS = 300;

export interface RecordScan {
  /** Progress without the results (those accumulate in `records`). */
  progress: ScanProgress | null;
  records: RecordView[];
  starting: boolean;
  error: AppError | null;
  start(input: BrowseInput): Promise<void>;
  cancel(): Promise<void>;
}

/** Starts a server-side scan and follows it with a results cursor until it ends or is cancelled. */
export function useRecordScan(): RecordScan {
  const call = useChannelCall();
  const [progress, setProgress] = useState<ScanProgress | null>(null);
  const [records, setRecords] = useState<RecordView[]>([]);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  // The scan being followed; a newer start (or unmount) makes an older follower stop after its current call.
  const current = useRef<{ scanId: string; after: number } | null>(null);
  // Leaving the page stops the scan in main too, not only the polling here.
  useEffect(
    () => () => {
      const followed = current.current;
      current.current = null;
      if (followed) void call('records.scanCancel', { scanId: followed.scanId });
    },
    [call],
  );

  /** One progress call: appends new matches; false once the scan ended or is no longer followed. */
  const pollOnce = useCallback(
    async (scanId: string): Promise<boolean> => {
      const followed = current.current;
      if (!followed || followed.scanId !== scanId) return false;
      const result = await call('records.scanProgress', { scanId, after: followed.after });
      if (current.current?.scanId !== scanId) return false;
      if (!result.ok) {
        setError(result.error);
        return false;
      }
      const { results, ...rest } = result.value;
      if (results.length > 0) {
        followed.after = results[results.length - 1]!.seq;
        setRecords((before) => [...before, ...results.map((r) => r.record)]);
      }
      setProgress({ ...rest, results: [] });
      return rest.state === 'running';
    },
    [call],
  );

  const follow = useCallback(
    async (scanId: string) => {
      while (await pollOnce(scanId)) await new Promise((resolve) => setTimeout(resolve, SCAN_POLL_MS));
    },
    [pollOnce],
  );

  const start = useCallback(
    async (input: BrowseInput) => {
      const previous = current.current;
      current.current = null;
      if (previous) void call('records.scanCancel', { scanId: previous.scanId });
      setStarting(true);
      setError(null);
      setRecords([]);
      setProgress(null);
      const started = await call('records.browse', input);
      setStarting(false);
      if (!started.ok) {
        setError(started.error);
        return;
      }
      const { scanId } = started.value;
      current.current = { scanId, after: 0 };
      void follow(scanId);
    },
    [call, follow],
  );

  const cancel = useCallback(async () => {
    const followed = current.current;
    if (!followed) return;
    const result = await call('records.scanCancel', { scanId: followed.scanId });
    if (!result.ok) setError(result.error);
    // The follower sees the cancelled state on its next call and stops; nothing else to do here.
  }, [call]);

  return { progress, records, starting, error, start, cancel };
}
