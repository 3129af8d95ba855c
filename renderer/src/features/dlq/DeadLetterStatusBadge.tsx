import type { DlqRecordSummary } from '../../../../shared/dlq';
import { statusDetail, statusTone, statusWords } from './deadLetterStatus';

export function DeadLetterStatusBadge({ record }: { record: DlqRecordSummary }) {
  const status = record.status ?? 'outstanding';
  const detail = statusDetail(record);
  return (
    <span className="status-cell" data-testid="record-status" data-status={status}>
      <span className={`badge ${statusTone[status]}`}>{statusWords[status]}</span>
      {detail ? (
        <small className={status === 'failed-again' ? 'field-problem' : 'muted'} title={detail}>
          {detail}
        </small>
      ) : null}
    </span>
  );
}
