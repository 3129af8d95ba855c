// Typed react-query hooks for the support workflows (issue 5): pipeline map, stuck payments, lookup,
// DLQ triage, browse scans, redelivery jobs and the audit log. Components never call the transport.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelInput } from '../../../shared/contract';
import type { AppError } from '../../../shared/failure';
import type { AuditExport, AuditList } from '../../../shared/audit';
import type { ScanProgress } from '../../../shared/browse';
import type { DlqGroupsResult, DlqRecordsResult, DlqTopicSummary } from '../../../shared/dlq';
import type { PaymentLookup, StuckPaymentsResult } from '../../../shared/payments';
import type { MapValidation, PipelineMapView } from '../../../shared/pipelineMap';
import type { RecordView } from '../../../shared/recordView';
import type { RedeliveryJobStatus, RedeliveryPlan, RedeliverySelection } from '../../../shared/redelivery';
import { toAppError } from './appError';
import { callChannel, refreshMs } from './hooks';
import { useTransport } from './TransportProvider';

export type StuckPaymentsInput = ChannelInput<'payments.stuck'>;
export type BrowseInput = ChannelInput<'records.browse'>;
export type AuditInput = ChannelInput<'audit.list'>;
export type RedeliveryStartInput = ChannelInput<'redelivery.start'>;

export const supportKeys = {
  map: ['pipeline', 'map'] as const,
  stuck: (input: StuckPaymentsInput) => ['payments', 'stuck', input] as const,
  payment: (paymentId: string) => ['payments', 'find', paymentId] as const,
  dlqTopics: ['dlq', 'topics'] as const,
  dlqGroups: (topic: string) => ['dlq', 'groups', topic] as const,
  dlqRecords: (topic: string, fingerprint: string | null) => ['dlq', 'records', topic, fingerprint] as const,
  record: (topic: string, partition: number, offset: string) => ['record', topic, partition, offset] as const,
  plan: (dlqTopic: string, selection: RedeliverySelection) => ['redelivery', 'plan', dlqTopic, selection] as const,
  job: (jobId: string) => ['redelivery', 'job', jobId] as const,
  jobs: ['redelivery', 'jobs'] as const,
  audit: (input: AuditInput) => ['audit', input] as const,
};

/** The stuck-payment and DLQ views read whole topics: poll them gently. */
const slowRefreshMs = 5_000;

export function usePipelineMap() {
  const transport = useTransport();
  return useQuery<PipelineMapView, AppError>({
    queryKey: supportKeys.map,
    queryFn: () => callChannel(transport, 'pipeline.map', {}),
  });
}

export function useValidateMap() {
  const transport = useTransport();
  return useMutation<MapValidation, AppError, string>({
    mutationFn: (text) => callChannel(transport, 'pipeline.validateMap', { text }),
  });
}

export function useSaveMap() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation<PipelineMapView, AppError, string>({
    mutationFn: (text) => callChannel(transport, 'pipeline.saveMap', { text }),
    onSuccess: (view) => {
      queryClient.setQueryData(supportKeys.map, view);
      // Every support view was computed with the previous map.
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'pipeline' });
    },
  });
}

export function useStuckPayments(input: StuckPaymentsInput, enabled = true) {
  const transport = useTransport();
  return useQuery<StuckPaymentsResult, AppError>({
    queryKey: supportKeys.stuck(input),
    queryFn: () => callChannel(transport, 'payments.stuck', input),
    refetchInterval: slowRefreshMs,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePaymentLookup(paymentId: string | null) {
  const transport = useTransport();
  return useQuery<PaymentLookup, AppError>({
    queryKey: supportKeys.payment(paymentId ?? ''),
    queryFn: () => callChannel(transport, 'payments.find', { paymentId: paymentId ?? '' }),
    enabled: paymentId !== null && paymentId.trim() !== '',
    refetchInterval: refreshMs.data,
  });
}

export function useDlqTopics() {
  const transport = useTransport();
  return useQuery<DlqTopicSummary[], AppError>({
    queryKey: supportKeys.dlqTopics,
    queryFn: () => callChannel(transport, 'dlq.list', {}),
    refetchInterval: slowRefreshMs,
  });
}

export function useDlqGroups(topic: string | null) {
  const transport = useTransport();
  return useQuery<DlqGroupsResult, AppError>({
    queryKey: supportKeys.dlqGroups(topic ?? ''),
    queryFn: () => callChannel(transport, 'dlq.groups', { topic: topic ?? '' }),
    enabled: topic !== null,
    refetchInterval: slowRefreshMs,
  });
}

export function useDlqRecords(topic: string | null, fingerprint: string | null) {
  const transport = useTransport();
  return useQuery<DlqRecordsResult, AppError>({
    queryKey: supportKeys.dlqRecords(topic ?? '', fingerprint),
    queryFn: () =>
      callChannel(transport, 'dlq.records', {
        topic: topic ?? '',
        ...(fingerprint ? { fingerprint } : {}),
        limit: 1000,
      }),
    enabled: topic !== null,
    refetchInterval: slowRefreshMs,
  });
}

/** The whole record (the list views truncate large values); loaded only when the person asks. */
export function useFullRecord(target: { topic: string; partition: number; offset: string } | null) {
  const transport = useTransport();
  return useQuery<RecordView, AppError>({
    queryKey: supportKeys.record(target?.topic ?? '', target?.partition ?? 0, target?.offset ?? '0'),
    queryFn: () =>
      callChannel(transport, 'records.get', {
        topic: target?.topic ?? '',
        partition: target?.partition ?? 0,
        offset: target?.offset ?? '0',
      }),
    enabled: target !== null,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

// ---- browse scans ------------------------------------------------------------------------------

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
  const transport = useTransport();
  const [progress, setProgress] = useState<ScanProgress | null>(null);
  const [records, setRecords] = useState<RecordView[]>([]);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  // The scan being followed; a newer start (or unmount) makes an older follower stop after its current call.
  const current = useRef<{ scanId: string; after: number } | null>(null);
  useEffect(
    () => () => {
      current.current = null;
    },
    [],
  );

  /** One progress call: appends new matches; false once the scan ended or is no longer followed. */
  const pollOnce = useCallback(
    async (scanId: string): Promise<boolean> => {
      const followed = current.current;
      if (!followed || followed.scanId !== scanId) return false;
      const result = await transport.invoke('records.scanProgress', { scanId, after: followed.after });
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
    [transport],
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
      if (previous) void transport.invoke('records.scanCancel', { scanId: previous.scanId });
      setStarting(true);
      setError(null);
      setRecords([]);
      setProgress(null);
      let scanId: string;
      try {
        scanId = (await callChannel(transport, 'records.browse', input)).scanId;
      } catch (caught) {
        setError(toAppError(caught));
        return;
      } finally {
        setStarting(false);
      }
      current.current = { scanId, after: 0 };
      void follow(scanId);
    },
    [follow, transport],
  );

  const cancel = useCallback(async () => {
    const followed = current.current;
    if (!followed) return;
    const result = await transport.invoke('records.scanCancel', { scanId: followed.scanId });
    if (!result.ok) setError(result.error);
    // The follower sees the cancelled state on its next call and stops; nothing else to do here.
  }, [transport]);

  return { progress, records, starting, error, start, cancel };
}

// ---- redelivery --------------------------------------------------------------------------------

/** The dry run also samples the stage's lag a few times, so it takes a couple of seconds. */
export function useRedeliveryPlan(dlqTopic: string, selection: RedeliverySelection) {
  const transport = useTransport();
  return useQuery<RedeliveryPlan, AppError>({
    queryKey: supportKeys.plan(dlqTopic, selection),
    queryFn: () => callChannel(transport, 'redelivery.plan', { dlqTopic, selection }),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}

export function useStartRedelivery() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation<RedeliveryJobStatus, AppError, RedeliveryStartInput>({
    mutationFn: (input) => callChannel(transport, 'redelivery.start', input),
    onSuccess: (status) => {
      queryClient.setQueryData(supportKeys.job(status.jobId), status);
      void queryClient.invalidateQueries({ queryKey: supportKeys.jobs });
    },
  });
}

const isActive = (state: RedeliveryJobStatus['state'] | undefined) => state === 'running' || state === 'confirming';

export function useRedeliveryJob(jobId: string | null) {
  const transport = useTransport();
  return useQuery<RedeliveryJobStatus, AppError>({
    queryKey: supportKeys.job(jobId ?? ''),
    queryFn: () => callChannel(transport, 'redelivery.status', { jobId: jobId ?? '' }),
    enabled: jobId !== null,
    // Quick while the job moves records, then only now and then (another console may resume it).
    refetchInterval: (query) => (isActive(query.state.data?.state) ? 500 : refreshMs.data),
  });
}

export function useRedeliveryJobs() {
  const transport = useTransport();
  return useQuery<RedeliveryJobStatus[], AppError>({
    queryKey: supportKeys.jobs,
    queryFn: () => callChannel(transport, 'redelivery.list', {}),
    refetchInterval: (query) => (query.state.data?.some((j) => isActive(j.state)) ? 1_000 : refreshMs.data),
  });
}

function useJobAction(channel: 'redelivery.cancel' | 'redelivery.resume') {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation<RedeliveryJobStatus, AppError, string>({
    mutationFn: (jobId) => callChannel(transport, channel, { jobId }),
    onSuccess: (status) => {
      queryClient.setQueryData(supportKeys.job(status.jobId), status);
      void queryClient.invalidateQueries({ queryKey: supportKeys.jobs });
    },
  });
}

export const useCancelRedelivery = () => useJobAction('redelivery.cancel');
export const useResumeRedelivery = () => useJobAction('redelivery.resume');

// ---- audit -------------------------------------------------------------------------------------

export function useAudit(input: AuditInput) {
  const transport = useTransport();
  return useQuery<AuditList, AppError>({
    queryKey: supportKeys.audit(input),
    queryFn: () => callChannel(transport, 'audit.list', input),
    refetchInterval: refreshMs.data,
    placeholderData: keepPreviousData,
  });
}

export function useAuditExport() {
  const transport = useTransport();
  return useMutation<AuditExport, AppError, AuditInput & { format: 'csv' | 'json' }>({
    mutationFn: (input) => callChannel(transport, 'audit.export', input),
  });
}
