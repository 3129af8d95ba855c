// Everything about one record: where it is, its key and value (pretty JSON, printable text, or hex with the
// reason it is not text), its headers decoded by known type, and a way to load a truncated value in full or copy it.
import { useState } from 'react';
import type { BytesView, HeaderView, RecordView } from '../../../../shared/recordView';
import { useFullRecord } from '../../api/browse';
import { LongText } from '../../components/LongText';
import { KafkaName } from '../../components/KafkaName';
import { ErrorPanel } from '../../components/QueryStates';
import { formatDateTime } from '../../format/time';
import { useReveal } from '../privacy/RevealControl';
import { formatBytes } from '../../format/bytes';
import { headerTime } from './headerTime';
import { formatHexDump, recordAsJson } from './recordJson';
import { schemaLabel } from './schemaLabel';

/** Kafka's own words for a missing key or value: a null value is a tombstone that compaction acts on. */
export const nullBytesText = { key: 'no key', value: 'tombstone (null value)' } as const;

/** Marks a value main masked personal data in, so nobody takes `j•••@example.com` for the stored bytes. */
function MaskedMark({ masked, testId }: { masked?: boolean; testId: string }) {
  return masked ? (
    <span
      className="badge badge-quiet masked-mark"
      data-testid={testId}
      title="Personal data masked by the console"
    >
      masked
    </span>
  ) : null;
}

function BytesBlock({ view, role, testId }: { view: BytesView; role: 'key' | 'value'; testId: string }) {
  const [showHex, setShowHex] = useState(false);
  if (view.kind === 'null')
    return (
      <p className="muted" data-testid={testId} data-kind="null">
        {nullBytesText[role]}
      </p>
    );
  if (view.kind === 'empty')
    return (
      <p className="muted" data-testid={testId} data-kind="empty">
        empty (0 bytes)
      </p>
    );
  const schema = view.schema ? (
    <p className="schema-line" data-testid={`${testId}-schema`}>
      {schemaLabel(view.schema)}
    </p>
  ) : null;
  if (view.kind === 'binary') {
    return (
      <div data-testid={testId} data-kind="binary">
        {schema}
        <p className="decode-reason" data-testid={`${testId}-reason`}>
          <span className="badge tone-pending">binary</span> Not shown as text: {view.reason ?? 'not text'}.
          Hex below. <MaskedMark masked={view.masked} testId={`${testId}-masked`} />
        </p>
        <LongText text={formatHexDump(view.hex ?? '')} testId={`${testId}-hex`} className="code-block hex" />
      </div>
    );
  }
  return (
    <div data-testid={testId} data-kind={view.kind}>
      <MaskedMark masked={view.masked} testId={`${testId}-masked`} />
      {schema}
      {view.hex ? (
        <div className="block-tools">
          <button
            type="button"
            className="button-quiet"
            onClick={() => setShowHex((v) => !v)}
            aria-pressed={showHex}
          >
            {showHex
              ? view.schema
                ? 'Show decoded'
                : 'Show text'
              : view.schema
                ? 'Show raw bytes'
                : 'Show hex'}
          </button>
        </div>
      ) : null}
      <LongText
        text={(showHex && view.hex ? formatHexDump(view.hex) : view.text) ?? ''}
        testId={`${testId}-text`}
      />
    </div>
  );
}

function HeaderRow({ header }: { header: HeaderView }) {
  const time = headerTime(header);
  return (
    <tr data-testid="inspector-header" data-key={header.key}>
      <td className="mono cell-wrap">{header.key}</td>
      <td data-col="kind">
        <span className="badge">{header.kind}</span>
        {header.format ? <small className="muted"> by the {header.format} format</small> : null}
      </td>
      <td className="mono cell-wrap" data-col="value">
        {header.kind === 'null' ? <span className="muted">null</span> : header.text}{' '}
        <MaskedMark masked={header.masked} testId="inspector-header-masked" />
        {time !== null ? (
          <span className="header-time" data-testid="inspector-header-time">
            {' '}
            = {formatDateTime(time)}
          </span>
        ) : null}
        {header.kind !== 'binary' && header.kind !== 'text' && header.kind !== 'null' ? (
          <small className="muted"> (hex {header.hex})</small>
        ) : null}
        {header.kind === 'binary' ? (
          <small className="decode-reason" data-testid="inspector-header-reason">
            {' '}
            Not shown as text: {header.reason ?? 'not text'}.
          </small>
        ) : null}
      </td>
    </tr>
  );
}

export function Inspector({ record, onClose }: { record: RecordView; onClose?: () => void }) {
  const [loadAll, setLoadAll] = useState(false);
  const [copyNote, setCopyNote] = useState<string | null>(null);
  const full = useFullRecord(
    loadAll ? { topic: record.topic, partition: record.partition, offset: record.offset } : null,
  );
  const masked = loadAll && full.data ? full.data : record;
  const reveal = useReveal(masked);
  // A reveal changes what is on screen only: copying stays masked, like every export.
  const shown = reveal.plain ?? masked;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(recordAsJson(masked));
      setCopyNote('Copied the record as JSON.');
    } catch (error) {
      setCopyNote(`Could not copy: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <aside className="inspector" aria-label="Record inspector" data-testid="inspector">
      <div className="inspector-head">
        <h2>
          Record <KafkaName name={record.topic} />
        </h2>
        <div className="inspector-actions">
          <button type="button" className="button-quiet" onClick={() => void copy()} data-testid="copy-json">
            Copy as JSON
          </button>
          {onClose ? (
            <button type="button" className="button-quiet" onClick={onClose} aria-label="Close the inspector">
              Close
            </button>
          ) : null}
        </div>
      </div>
      {copyNote ? (
        <p className="hint" role="status" data-testid="copy-note">
          {copyNote}
        </p>
      ) : null}
      <dl className="facts facts-compact">
        <div className="fact">
          <dt>Partition</dt>
          <dd data-testid="inspector-partition">{shown.partition}</dd>
        </div>
        <div className="fact">
          <dt>Offset</dt>
          <dd className="mono" data-testid="inspector-offset">
            {shown.offset}
            {shown.aborted ? (
              <span className="badge tone-pending" data-testid="inspector-aborted">
                {' '}
                aborted transaction
              </span>
            ) : null}
          </dd>
        </div>
        <div className="fact">
          <dt>Timestamp</dt>
          <dd data-testid="inspector-timestamp" title={String(shown.timestamp)}>
            {formatDateTime(shown.timestamp)}
          </dd>
        </div>
        <div className="fact">
          <dt>Size</dt>
          <dd data-testid="inspector-size">{formatBytes(shown.sizeBytes)}</dd>
        </div>
      </dl>
      {reveal.bar}
      <h3>Key</h3>
      <BytesBlock view={shown.key} role="key" testId="inspector-key" />
      <h3>
        Value <span className="section-meta">{formatBytes(shown.value.size)}</span>
      </h3>
      {shown.value.truncated ? (
        <p className="truncated-note" data-testid="value-truncated">
          Only the first part of this {formatBytes(shown.value.size)} value is shown.{' '}
          <button
            type="button"
            className="button-quiet"
            onClick={() => setLoadAll(true)}
            disabled={loadAll && full.isFetching}
            data-testid="load-all"
          >
            {loadAll && full.isFetching ? 'Loading…' : 'Load all'}
          </button>
        </p>
      ) : null}
      {full.error ? <ErrorPanel error={full.error} what="the whole value" /> : null}
      <BytesBlock view={shown.value} role="value" testId="inspector-value" />
      <h3>Headers ({shown.headers.length})</h3>
      {shown.headers.length === 0 ? (
        <p className="muted">No headers.</p>
      ) : (
        <table className="data-table headers-table">
          <thead>
            <tr>
              <th>Key</th>
              <th>Decoded as</th>
              <th>Value</th>
            </tr>
          </thead>
          <tbody>
            {shown.headers.map((h, i) => (
              <HeaderRow key={`${h.key}-${i}`} header={h} />
            ))}
          </tbody>
        </table>
      )}
    </aside>
  );
}
