// Hash routes, because the same build is loaded from app:// and from the bridge's http:// root.

export type Route =
  | { page: 'overview' }
  | { page: 'topics' }
  | { page: 'topic'; topic: string }
  | { page: 'groups' }
  | { page: 'group'; groupId: string }
  | { page: 'connect' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [first, ...rest] = path.split('/');
  switch (first) {
    case 'topics': {
      const encoded = rest.join('/');
      if (!encoded) return { page: 'topics' };
      try {
        return { page: 'topic', topic: decodeURIComponent(encoded) };
      } catch {
        return { page: 'topics' };
      }
    }
    case 'connect':
      return { page: 'connect' };
    case 'groups': {
      // Group ids may contain "/" and other characters, so the id is everything after "groups/".
      const encoded = rest.join('/');
      if (!encoded) return { page: 'groups' };
      try {
        return { page: 'group', groupId: decodeURIComponent(encoded) };
      } catch {
        return { page: 'groups' };
      }
    }
    default:
      return { page: 'overview' };
  }
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case 'group':
      return `#/groups/${encodeURIComponent(route.groupId)}`;
    case 'topic':
      return `#/topics/${encodeURIComponent(route.topic)}`;
    default:
      return `#/${route.page}`;
  }
}
