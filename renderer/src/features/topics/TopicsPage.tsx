// Topics with their size: filter by name, internal topics hidden unless asked for.
import { Empty, ErrorPanel, Loading, StaleNote } from '../../components/QueryStates';
import { topicCountLabel } from './topicRows';
import { TopicsTable } from './TopicsTable';
import { useTopicsView } from './useTopicsView';

export function TopicsPage() {
  const view = useTopicsView();
  const stale = Boolean(view.rows && view.error);
  return (
    <section className="page page-fill" aria-labelledby="topics-title">
      <div className="page-head">
        <h1 id="topics-title">Topics</h1>
        {view.rows ? (
          <span className="muted" data-testid="topic-count" aria-live="polite">
            {topicCountLabel(view.rows)}
            {view.filtering ? ' (filtering…)' : ''}
          </span>
        ) : null}
      </div>
      <div className="toolbar">
        <label className="field-inline">
          <span>Filter by name</span>
          <input
            type="search"
            value={view.filter}
            onChange={(event) => view.setFilter(event.target.value)}
            placeholder="e.g. payments"
            maxLength={256}
            data-testid="topic-filter"
          />
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={view.includeInternal}
            onChange={(event) => view.setIncludeInternal(event.target.checked)}
            data-testid="show-internal"
          />
          <span>Show internal topics</span>
        </label>
      </div>
      {view.rows && view.error ? <StaleNote updatedAt={view.updatedAt} error={view.error} /> : null}
      {!view.rows && view.error ? <ErrorPanel error={view.error} what="topics" /> : null}
      {!view.rows && !view.error ? <Loading what="topics" /> : null}
      {view.rows && view.rows.length === 0 ? (
        <Empty>
          {view.filter.trim()
            ? `No topic name contains "${view.filter.trim()}".`
            : 'This cluster has no topics yet.'}
        </Empty>
      ) : null}
      {view.rows && view.rows.length > 0 ? (
        <TopicsTable rows={view.rows} context={view.context} stale={stale} />
      ) : null}
    </section>
  );
}
