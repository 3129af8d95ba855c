// One payment across the source, retry, DLQ, redelivery and outcome topics, with each stage's state and a
// Redeliver button for a stage that dead-lettered it.
import { useCallback, useState } from 'react';
import type { RecordView } from '../../../../shared/recordView';
import type { StageStatus, TimelineEntry } from '../../../../shared/payments';
import { usePaymentLookup } from '../../api/payments';
import { usePipelineMap } from '../../api/pipeline';
import { Empty, ErrorPanel, Loading } from '../../components/QueryStates';
import { SplitView } from '../../components/SplitView';
import { StageStateChip } from '../../components/StageStateChip';
import { scrollIntoViewRef, useListKeys } from '../../components/useListKeys';
import { NextAttempt } from './NextAttempt';
import { formatDateTime } from '../../format/time';
import { Inspector } from '../browse/Inspector';
import { RedeliveryDialog, type RedeliveryRequest } from '../redelivery/RedeliveryDialog';
import { useRedeliverBlock, WriteBlockedNote } from '../access/WriteBlocked';
import { routeHref } from '../shell/route';
import { WorklistControls } from '../worklist/WorklistControls';
import { CopyLink } from '../../components/CopyLink';
import { paymentSummary } from './customerSearch';

const kindTone = {
  source: 'tone-idle',
  retry: 'tone-pending',
  dlq: 'tone-problem',
  redelivery: 'tone-accent',
  outcome: 'tone-ok',
} as const;

/** What the payment event says: amount and customer, from the source record (masked where main masks it). */
function PaymentFacts({ timeline }: { timeline: TimelineEntry[] }) {
  const source = timeline.find((e) => e.kind === 'source');
  if (!source) return null;
  const summary = paymentSummary(source.record);
  return (
    <dl className="facts" data-testid="timeline-facts">
      <div className="fact">
        <dt>Amount</dt>
        <dd data-testid="timeline-amount">{summary.amount ?? '—'}</dd>
      </div>
      <div className="fact">
        <dt>Customer</dt>
        <dd className="mono">{summary.customer ?? '—'}</dd>
      </div>
      <div className="fact">
        <dt>Paid at</dt>
        <dd>{formatDateTime(source.timestamp)}</dd>
      </div>
    </dl>
  );
}

/** Off, with the broker's reason beside it, when the person may not write where this redelivery goes. */
function RedeliverStageButton({ dlqTopic, onClick }: { dlqTopic: string | null; onClick: () => void }) {
  const blocked = useRedeliverBlock(dlqTopic);
  return (
    <>
      <button
        type="button"
        onClick={onClick}
        disabled={blocked !== null}
        title={blocked ? `Off: ${blocked}` : undefined}
        data-testid="redeliver-stage"
      >
        Redeliver
      </button>
      <WriteBlockedNote what="Redeliver" reason={blocked} />
    </>
  );
}

export function PaymentTimeline({ paymentId }: { paymentId: string }) {
  const lookup = usePaymentLookup(paymentId);
  const map = usePipelineMap();
  const [inspected, setInspected] = useState<RecordView | null>(null);
  const [redelivery, setRedelivery] = useState<RedeliveryRequest | null>(null);

  const timeline = lookup.data?.timeline;
  const sameRecord = (a: RecordView, b: RecordView | null) =>
    b !== null && a.topic === b.topic && a.partition === b.partition && a.offset === b.offset;
  const inspectedIndex = timeline ? timeline.findIndex((e) => sameRecord(e.record, inspected)) : -1;
  useListKeys(
    timeline?.length ?? 0,
    inspectedIndex,
    useCallback((i: number) => setInspected(timeline?.[i]?.record ?? null), [timeline]),
  );

  const dlqOf = (stage: string) => map.data?.map.stages.find((s) => s.name === stage)?.dlqTopic ?? null;
  const redeliver = (status: StageStatus) => {
    const dlqTopic = dlqOf(status.stage);
    if (dlqTopic)
      setRedelivery({
        dlqTopic,
        selection: { kind: 'payment', paymentId },
        subject: `payment ${paymentId} to stage ${status.stage}`,
      });
  };

  return (
    <section
      className="panel payment-timeline"
      aria-labelledby="timeline-title"
      data-testid="payment-timeline"
    >
      <div className="page-head">
        <h2 id="timeline-title">
          Payment{' '}
          <span className="mono" data-testid="timeline-payment-id">
            {paymentId}
          </span>
        </h2>
        <span className="page-head-actions">
          <CopyLink kind="payment" name={paymentId} hash={routeHref({ page: 'payments', paymentId })} />
          <a href={routeHref({ page: 'payments' })}>Back to the list</a>
        </span>
      </div>
      <SplitView
        panel={
          inspected ? (
            <Inspector
              key={`${inspected.topic}/${inspected.partition}/${inspected.offset}`}
              record={inspected}
              onClose={() => setInspected(null)}
            />
          ) : null
        }
      >
        {lookup.isPending ? (
          <Loading what={`payment ${paymentId} (reading one partition per topic)`} />
        ) : null}
        {lookup.error ? <ErrorPanel error={lookup.error} what={`payment ${paymentId}`} /> : null}
        {lookup.data ? (
          <>
            <PaymentFacts timeline={lookup.data.timeline} />
            <WorklistControls subject={{ kind: 'payment', paymentId }} />
            <p className="muted" data-testid="timeline-read">
              {lookup.data.partitionLookup
                ? `Read only the partition the key maps to in each of ${lookup.data.partitionsRead.length} topics (Kafka's murmur2 partitioner).`
                : `Read every partition of each topic (the correlation key is not the Kafka key).`}
            </p>
            {lookup.data.timeline.length === 0 ? (
              <Empty>
                No record for payment "{paymentId}" in the retained log of the pipeline's topics. Check the
                id, or whether retention deleted it.
              </Empty>
            ) : null}
            {lookup.data.stages.length > 0 ? (
              <table className="data-table stage-table" data-testid="timeline-stages">
                <thead>
                  <tr>
                    <th>Stage</th>
                    <th>State</th>
                    <th>Why</th>
                    <th>Since</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {lookup.data.stages.map((s) => (
                    <tr key={s.stage} data-testid="timeline-stage" data-stage={s.stage} data-state={s.state}>
                      <td>{s.stage}</td>
                      <td>
                        <StageStateChip state={s.state} />
                      </td>
                      <td className="cell-wrap">
                        {s.reason ?? ''} <NextAttempt status={s} />
                      </td>
                      <td className="nowrap">{s.at ? formatDateTime(s.at) : ''}</td>
                      <td>
                        {s.state === 'dead-lettered' && dlqOf(s.stage) ? (
                          <RedeliverStageButton dlqTopic={dlqOf(s.stage)} onClick={() => redeliver(s)} />
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {lookup.data.timeline.length > 0 ? (
              <>
                <h3>Timeline</h3>
                <ol className="timeline" data-testid="timeline">
                  {lookup.data.timeline.map((e, i) => (
                    <li
                      key={`${e.topic}/${e.partition}/${e.offset}`}
                      ref={i === inspectedIndex ? scrollIntoViewRef : undefined}
                      data-testid="timeline-entry"
                      data-kind={e.kind}
                      aria-selected={i === inspectedIndex}
                    >
                      <button
                        type="button"
                        className={`timeline-row${i === inspectedIndex ? ' is-selected' : ''}`}
                        onClick={() => setInspected(e.record)}
                        aria-pressed={i === inspectedIndex}
                      >
                        <span className="timeline-time">{formatDateTime(e.timestamp)}</span>
                        <span className={`badge ${kindTone[e.kind]}`}>{e.kind}</span>
                        <span>{e.stage ?? 'source'}</span>
                        <span className="mono muted">
                          {e.topic} p{e.partition} @{e.offset}
                        </span>
                        {e.error ? <span className="timeline-error">{e.error}</span> : null}
                      </button>
                    </li>
                  ))}
                </ol>
              </>
            ) : null}
          </>
        ) : null}
      </SplitView>
      {redelivery ? <RedeliveryDialog request={redelivery} onClose={() => setRedelivery(null)} /> : null}
    </section>
  );
}
