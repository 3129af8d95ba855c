// Hash routes, because the same build is loaded from app:// and from the bridge's http:// root.

export type Route =
  | { page: 'home' }
  | { page: 'cluster' }
  | { page: 'topics' }
  | { page: 'topic'; topic: string }
  | { page: 'groups' }
  | { page: 'group'; groupId: string }
  | { page: 'payments'; paymentId?: string; stage?: string }
  | { page: 'dlq'; topic?: string }
  | { page: 'browse'; topic?: string }
  | { page: 'jobs' }
  | { page: 'audit' }
  | { page: 'worklist' }
  | { page: 'map' }
  | { page: 'settings' }
  | { page: 'connect' };

/** Everything after the first path segment, decoded; null when absent or broken. */
function decodedRest(rest: string[]): string | null {
  const encoded = rest.join('/');
  if (!encoded) return null;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const [first, ...rest] = path.split('/');
  // Topic names, group ids and payment ids may contain "/", so the name is everything after the segment.
  const name = decodedRest(rest);
  switch (first) {
    case 'topics':
      return name === null ? { page: 'topics' } : { page: 'topic', topic: name };
    case 'connect':
      return { page: 'connect' };
    case 'groups':
      return name === null ? { page: 'groups' } : { page: 'group', groupId: name };
    case 'payments': {
      // The stuck-payments view filtered to one stage, as the home page links it: #/payments?stage=receipts.
      const stage = new URLSearchParams(search).get('stage');
      if (name !== null) return { page: 'payments', paymentId: name };
      return stage ? { page: 'payments', stage } : { page: 'payments' };
    }
    // The cluster facts were the first page before the home page; old links still find them.
    case 'cluster':
    case 'overview':
      return { page: 'cluster' };
    case 'dlq':
      return name === null ? { page: 'dlq' } : { page: 'dlq', topic: name };
    case 'browse':
      return name === null ? { page: 'browse' } : { page: 'browse', topic: name };
    case 'jobs':
      return { page: 'jobs' };
    case 'audit':
      return { page: 'audit' };
    case 'worklist':
      return { page: 'worklist' };
    case 'map':
      return { page: 'map' };
    case 'settings':
      return { page: 'settings' };
    default:
      return { page: 'home' };
  }
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case 'group':
      return `#/groups/${encodeURIComponent(route.groupId)}`;
    case 'topic':
      return `#/topics/${encodeURIComponent(route.topic)}`;
    case 'payments':
      if (route.paymentId) return `#/payments/${encodeURIComponent(route.paymentId)}`;
      return route.stage ? `#/payments?stage=${encodeURIComponent(route.stage)}` : '#/payments';
    case 'dlq':
      return route.topic ? `#/dlq/${encodeURIComponent(route.topic)}` : '#/dlq';
    case 'browse':
      return route.topic ? `#/browse/${encodeURIComponent(route.topic)}` : '#/browse';
    case 'home':
      return '#/';
    default:
      return `#/${route.page}`;
  }
}
