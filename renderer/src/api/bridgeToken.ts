// The bridge URL carries a per-run token (?token=…). Keep it for this tab only and take it out of the
// address bar, so it does not end up in screenshots, history or a pasted link.

export const TOKEN_STORAGE_KEY = 'eventdesk.bridgeToken';

export interface TokenEnvironment {
  href: string;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  replaceUrl: (url: string) => void;
}

export function takeBridgeToken(env: TokenEnvironment): string | null {
  const url = new URL(env.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    env.storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    env.replaceUrl(url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return env.storage.getItem(TOKEN_STORAGE_KEY);
}

/**
 * ws://host/rpc?token=… on http pages, wss:// on https pages. Without a token (a link opened in a new tab)
 * the socket relies on the session cookie the bridge set when the page was first opened with the token.
 */
export function bridgeSocketUrl(pageHref: string, token: string | null): string {
  const page = new URL(pageHref);
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${page.host}/rpc${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
}
