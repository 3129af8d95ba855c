// What a running stage reports: the runtime fills it in, the health server serves it.
export interface StageMetrics {
  stage: string;
  groupId: string;
  state: 'starting' | 'running' | 'stopping' | 'stopped' | 'crashed';
  startedAt: string;
  processed: number;
  /** Records forwarded to a retry tier. */
  retried: number;
  deadLettered: number;
  /** Part of deadLettered: unreadable records sent straight to the DLQ. */
  poison: number;
  duplicatesSkipped: number;
  outcomesPublished: number;
  lastError: { at: string; errorClass: string; name: string; message: string } | null;
  /** Retry partitions paused until their head record is due: "topic/partition" → due time (ISO). */
  waiting: Record<string, string>;
  /** Per "topic/partition": high watermark minus the next offset to read, as of the last batch (decimal string). */
  lag: Record<string, string>;
  processedStoreRows: number;
}
