// Browse any topic: seek, filter, stream matches in with progress, cancel, and inspect one record.
import { useState, type ReactNode } from 'react';
import type { RecordView } from '../../../../shared/recordView';
import { useTopics } from '../../api/topics';
import { useRecordScan } from './useRecordScan';
import { ErrorPanel } from '../../components/QueryStates';
import { formatBytes } from '../../format/bytes';
import { formatCount } from '../../format/offsets';
import { formatDuration } from '../../format/time';
import { BROWSE_BOUNDS } from '../../../../shared/browse';
import {
  boundsText,
  checkBrowseForm,
  emptyBrowseForm,
  jsonPathProblem,
  raisedBounds,
  skippedText,
  type BrowseField,
  type BrowseForm,
  type SeekMode,
} from './browseForm';
import { SplitView } from '../../components/SplitView';
import { Inspector } from './Inspector';
import { ScanResults } from './ScanResults';

function Field({
  label,
  error,
  children,
  hint,
}: {
  label: string;
  error?: string;
  children: ReactNode;
  hint?: string;
}) {
  return (
    <label className="form-field">
      <span className="form-label">{label}</span>
      {children}
      {hint && !error ? <small className="hint">{hint}</small> : null}
      {error ? (
        <small className="field-problem" role="alert">
          {error}
        </small>
      ) : null}
    </label>
  );
}

export function BrowsePage({ initialTopic }: { initialTopic?: string }) {
  const [form, setForm] = useState<BrowseForm>({ ...emptyBrowseForm, topic: initialTopic ?? '' });
  const [errors, setErrors] = useState<Partial<Record<BrowseField, string>>>({});
  const [selected, setSelected] = useState<RecordView | null>(null);
  const scan = useRecordScan();
  const topics = useTopics({ filter: '', includeInternal: false });

  const set = (field: Exclude<BrowseField, 'includeAborted'>) => (value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    // A JSON-path mistake is shown while typing; other errors clear once the field changes.
    setErrors((e) => ({
      ...e,
      [field]: field === 'jsonPath' ? (jsonPathProblem(value) ?? undefined) : undefined,
    }));
  };

  const submit = (next: BrowseForm = form) => {
    const check = checkBrowseForm(next);
    if (!check.ok) {
      setErrors(check.errors);
      return;
    }
    setErrors({});
    setSelected(null);
    void scan.start(check.input);
  };

  const p = scan.progress;
  const further = p ? raisedBounds(form, p) : null;
  const running = scan.starting || p?.state === 'running';
  const total = p ? BigInt(p.total) : 0n;
  // Offsets covered, not records scanned: transaction markers, aborted records and compaction gaps are offsets too.
  const percent =
    p && total > 0n
      ? Math.min(100, Number((BigInt(p.covered) * 100n) / total))
      : p?.state === 'done'
        ? 100
        : 0;

  return (
    <section className="page page-fill" aria-labelledby="browse-title">
      <div className="page-head">
        <h1 id="browse-title">Browse a topic</h1>
        <span className="muted">
          Read any topic from a point you choose; filters run on the console's side as records stream by.
        </span>
      </div>
      <form
        className="panel browse-form"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
        noValidate
      >
        <div className="form-grid">
          <Field label="Topic" error={errors.topic}>
            <input
              type="text"
              list="browse-topics"
              value={form.topic}
              onChange={(e) => set('topic')(e.target.value)}
              aria-invalid={Boolean(errors.topic)}
              data-testid="browse-topic"
              placeholder="e.g. payments.succeeded"
            />
            <datalist id="browse-topics">
              {(topics.data ?? []).map((t) => (
                <option key={t.name} value={t.name} />
              ))}
            </datalist>
          </Field>
          <Field label="Partition" error={errors.partition} hint="Empty: every partition">
            <input
              type="text"
              inputMode="numeric"
              value={form.partition}
              onChange={(e) => set('partition')(e.target.value)}
              aria-invalid={Boolean(errors.partition)}
              data-testid="browse-partition"
              className="input-short"
              placeholder="all"
            />
          </Field>
          <Field label="Start from">
            <select
              value={form.seek}
              onChange={(e) => set('seek')(e.target.value as SeekMode)}
              data-testid="browse-seek"
            >
              <option value="newest">Newest records</option>
              <option value="oldest">Oldest (the whole log)</option>
              <option value="offset">An offset</option>
              <option value="timestamp">A date and time</option>
            </select>
          </Field>
          {form.seek === 'newest' ? (
            <Field label="How many per partition" error={errors.newestCount}>
              <input
                type="text"
                inputMode="numeric"
                value={form.newestCount}
                onChange={(e) => set('newestCount')(e.target.value)}
                aria-invalid={Boolean(errors.newestCount)}
                data-testid="browse-count"
                className="input-short"
              />
            </Field>
          ) : null}
          {form.seek === 'offset' ? (
            <Field label="Offset" error={errors.offset}>
              <input
                type="text"
                inputMode="numeric"
                value={form.offset}
                onChange={(e) => set('offset')(e.target.value)}
                aria-invalid={Boolean(errors.offset)}
                data-testid="browse-offset"
                className="input-short"
              />
            </Field>
          ) : null}
          {form.seek === 'timestamp' ? (
            <Field label="From" error={errors.timestamp}>
              <input
                type="datetime-local"
                step={1}
                value={form.timestamp}
                onChange={(e) => set('timestamp')(e.target.value)}
                aria-invalid={Boolean(errors.timestamp)}
                data-testid="browse-timestamp"
              />
            </Field>
          ) : null}
          <Field
            label="Scan at most (records)"
            error={errors.maxScan}
            hint={`Empty: ${formatCount(String(BROWSE_BOUNDS.maxScan))}`}
          >
            <input
              type="text"
              inputMode="numeric"
              value={form.maxScan}
              onChange={(e) => set('maxScan')(e.target.value)}
              aria-invalid={Boolean(errors.maxScan)}
              data-testid="browse-max-scan"
              className="input-short"
              placeholder={formatCount(String(BROWSE_BOUNDS.maxScan))}
            />
          </Field>
        </div>
        <div className="form-grid">
          <Field label="Key contains">
            <input
              type="text"
              value={form.key}
              onChange={(e) => set('key')(e.target.value)}
              data-testid="browse-key"
            />
          </Field>
          <Field label="Value contains">
            <input
              type="text"
              value={form.value}
              onChange={(e) => set('value')(e.target.value)}
              data-testid="browse-value"
            />
          </Field>
          <Field label="Header key or value contains">
            <input
              type="text"
              value={form.header}
              onChange={(e) => set('header')(e.target.value)}
              data-testid="browse-header"
            />
          </Field>
          <Field label="JSON path equals" error={errors.jsonPath} hint='e.g. $.customerId = "c-42"'>
            <input
              type="text"
              value={form.jsonPath}
              onChange={(e) => set('jsonPath')(e.target.value)}
              aria-invalid={Boolean(errors.jsonPath)}
              data-testid="browse-jsonpath"
              className="mono"
            />
          </Field>
        </div>
        <div className="form-actions">
          <label className="checkbox-inline">
            <input
              type="checkbox"
              checked={form.includeAborted}
              onChange={(e) => setForm((f) => ({ ...f, includeAborted: e.target.checked }))}
              data-testid="browse-include-aborted"
            />{' '}
            Show aborted transactions
          </label>{' '}
          <button type="submit" disabled={scan.starting} data-testid="browse-start">
            {running ? 'Restart scan' : 'Start scan'}
          </button>{' '}
          <button
            type="button"
            className="button-quiet"
            disabled={!running || scan.starting}
            onClick={() => void scan.cancel()}
            data-testid="browse-cancel"
          >
            Cancel
          </button>
        </div>
      </form>

      {scan.error ? <ErrorPanel error={scan.error} what="the scan" /> : null}
      {p ? (
        <div className="scan-progress" data-testid="scan-progress" data-state={p.state} aria-live="polite">
          <progress max={100} value={percent} aria-label="Scan progress" />
          <span>
            <strong data-testid="scan-state">
              {p.state === 'running' && p.queued
                ? `Waiting for the engine (${p.queued === 1 ? 'next in line' : `${p.queued} in line`})`
                : p.state === 'running'
                  ? 'Scanning'
                  : p.state === 'done'
                    ? 'Done'
                    : p.state === 'cancelled'
                      ? 'Cancelled'
                      : 'Failed'}
            </strong>
            {' · '}scanned <span data-testid="scan-scanned">{formatCount(String(p.scanned))}</span>{' '}
            {p.scanned === 1 ? 'record' : 'records'} in {formatCount(p.covered)} of {formatCount(p.total)}{' '}
            offsets
            {p.skipped.markers + p.skipped.aborted > 0 ? (
              <span data-testid="scan-skipped"> ({skippedText(p.skipped)})</span>
            ) : null}
            {' · '}matched <span data-testid="scan-matched">{formatCount(String(p.matched))}</span>
            {p.matched > p.kept ? ` (showing the first ${formatCount(String(p.kept))})` : ''}
            {' · '}
            {formatDuration(p.elapsedMs)}
          </span>
          <span className="muted positions" data-testid="scan-positions">
            {p.positions.map((pos) => `p${pos.partition} ${pos.next}/${pos.end}`).join('  ')}
          </span>
          <span className="muted" data-testid="scan-bounds">
            bound: {boundsText(p.limits)}
          </span>
          {p.error ? <span className="field-problem">{p.error}</span> : null}
        </div>
      ) : null}
      {p?.stoppedBy ? (
        <div className="state scan-bound" role="status" data-testid="scan-stopped-by-bound">
          <span>
            Stopped at the bound:{' '}
            {p.stoppedBy === 'maxScan'
              ? `${formatCount(String(p.limits.maxScan))} records scanned`
              : `${formatBytes(p.limits.maxBytes)} of keys and values scanned`}
            , before the end of the range. What matched so far is below.
          </span>
          {further ? (
            <button
              type="button"
              className="button-quiet"
              disabled={running}
              onClick={() => {
                setForm(further);
                submit(further);
              }}
              data-testid="scan-further"
            >
              Scan again with a bound ten times larger
            </button>
          ) : null}
        </div>
      ) : null}

      <SplitView
        panel={
          selected ? (
            <Inspector
              key={`${selected.topic}/${selected.partition}/${selected.offset}`}
              record={selected}
              onClose={() => setSelected(null)}
            />
          ) : null
        }
      >
        {p && scan.records.length === 0 && p.state !== 'running' ? (
          <p className="state state-empty" data-testid="empty">
            No record matched{p.scanned === 0 ? ' (the range was empty)' : ''}.
          </p>
        ) : null}
        {scan.records.length > 0 ? (
          <ScanResults records={scan.records} selected={selected} onSelect={setSelected} />
        ) : null}
      </SplitView>
    </section>
  );
}
