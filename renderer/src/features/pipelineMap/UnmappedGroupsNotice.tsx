// A one-line notice on the views that depend on the map: some consumer groups of the source topic are not
// in it, so their stuck payments and dead letters are not shown yet.
import { useUnmappedGroups } from '../../api/pipeline';
import { routeHref } from '../shell/route';

export function UnmappedGroupsNotice() {
  const unmapped = useUnmappedGroups();
  const count = unmapped.data?.groups.length ?? 0;
  // A secondary hint: while it loads, fails or finds nothing, the page shows nothing here.
  if (!unmapped.data || count === 0) return null;
  return (
    <p className="unmapped-notice" role="status" data-testid="unmapped-notice">
      {count === 1 ? '1 consumer group reads' : `${count} consumer groups read`}{' '}
      <span className="mono">{unmapped.data.sourceTopic}</span> but {count === 1 ? 'is' : 'are'} not in the
      pipeline map —{' '}
      <a href={routeHref({ page: 'map' })} data-testid="unmapped-review">
        Review
      </a>
    </p>
  );
}
