// "Find by what the customer says": search the source events of a window by one of the map's searchable
// fields, with progress and Cancel; each match opens its payment's timeline. The scan runs in main (the
// browse engine); useRecordScan cancels it there when the person leaves.
import { useState } from 'react';
import { usePipelineMap } from '../../api/pipeline';
import { ErrorPanel } from '../../components/QueryStates';
import { formatDateTime } from '../../format/time';
import { useRecordScan } from '../browse/useRecordScan';
import { routeHref } from '../shell/route';
import { customerSearchInput, paymentSummary } from './customerSearch';
import { WINDOWS } from './paymentFilters';

export function CustomerSearch() {
  const map = usePipelineMap();
  const fields = map.data?.map.searchableFields ?? [];
  const scan = useRecordScan();
  const [field, setField] = useState('');
  const [value, setValue] = useState('');
  const [windowMs, setWindowMs] = useState<number>(WINDOWS[3].ms);
  const chosen = field || fields[0] || '';

  if (!map.data || fields.length === 0) return null;
  const running = scan.progress?.state === 'running';
  const progress = scan.progress;
  return (
    <section className="panel customer-search" aria-label="Find by customer" data-testid="customer-search">
      <form
        className="lookup-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          if (value.trim() === '' || !map.data) return;
          void scan.start(
            customerSearchInput(map.data.map, { field: chosen, value: value.trim(), windowMs }, Date.now()),
          );
        }}
      >
        <label className="field-inline">
          <span>Find by</span>
          <select
            value={chosen}
            onChange={(e) => setField(e.target.value)}
            data-testid="customer-search-field"
          >
            {fields.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <input
          type="search"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder="exactly as the customer wrote it"
          aria-label="Value"
          className="mono"
          data-testid="customer-search-value"
        />
        <select value={windowMs} onChange={(e) => setWindowMs(Number(e.target.value))} aria-label="Window">
          {WINDOWS.map((w) => (
            <option key={w.ms} value={w.ms}>
              {w.label}
            </option>
          ))}
        </select>
        <button
          type="submit"
          disabled={value.trim() === '' || scan.starting}
          data-testid="customer-search-go"
        >
          Search
        </button>
        {running ? (
          <button type="button" className="button-quiet" onClick={() => void scan.cancel()}>
            Cancel
          </button>
        ) : null}
      </form>
      {scan.error ? <ErrorPanel error={scan.error} what="the search" /> : null}
      {progress ? (
        <p className="muted" data-testid="customer-search-progress" aria-live="polite">
          {progress.state === 'running' ? 'Searching: ' : progress.state === 'cancelled' ? 'Cancelled: ' : ''}
          scanned {progress.scanned.toLocaleString('en')} of {Number(progress.total).toLocaleString('en')}{' '}
          event(s), {progress.matched} match(es)
        </p>
      ) : null}
      {scan.records.length > 0 ? (
        <table className="data-table" data-testid="customer-search-results">
          <thead>
            <tr>
              <th>Payment</th>
              <th>Amount</th>
              <th>Customer</th>
              <th>When</th>
            </tr>
          </thead>
          <tbody>
            {scan.records.map((record) => {
              const summary = paymentSummary(record);
              return (
                <tr key={`${record.partition}/${record.offset}`} data-testid="customer-search-row">
                  <td className="mono">
                    {summary.paymentId ? (
                      <a href={routeHref({ page: 'payments', paymentId: summary.paymentId })}>
                        {summary.paymentId}
                      </a>
                    ) : (
                      'no payment id'
                    )}
                  </td>
                  <td className="num">{summary.amount ?? '—'}</td>
                  <td className="mono">{summary.customer ?? '—'}</td>
                  <td className="nowrap">{formatDateTime(record.timestamp)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
