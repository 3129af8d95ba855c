// How the renderer is attached to its backend (IPC or the bridge socket), observable by the shell, and the
// live events it carries (change notifications main pushes to the page).
import type { Transport } from '../../../shared/contract';
import type { LiveEvent, LivePayload } from '../../../shared/live';

export type BackendLinkStatus =
  | { state: 'open' }
  | { state: 'connecting'; attempt: number }
  | { state: 'reconnecting'; attempt: number; retryAt: number; reason: string }
  | { state: 'token_rejected'; message: string }
  | { state: 'token_missing'; message: string };

export interface BackendLink {
  status: () => BackendLinkStatus;
  subscribe: (listener: () => void) => () => void;
}

/** Live events as the page sees them, whichever transport carries them. */
export interface LiveLink {
  /** Follows one event; the returned function stops. Several followers of an event share one subscription. */
  subscribe<E extends LiveEvent>(event: E, listener: (payload: LivePayload<E>) => void): () => void;
  /** True while the backend is known to push this event to the page (subscribed and the link up). */
  isLive(event: LiveEvent): boolean;
  /** Told whenever `isLive` may have changed. */
  onChange(listener: () => void): () => void;
}

export interface ConsoleTransport extends Transport {
  readonly kind: 'ipc' | 'bridge';
  readonly link: BackendLink;
  readonly live: LiveLink;
}

/** A link that never changes, for IPC (always there) and for a bridge page opened without a token. */
export function fixedLink(status: BackendLinkStatus): BackendLink {
  return { status: () => status, subscribe: () => () => {} };
}

/** No live events at all: every view keeps polling as it did. */
export const noLiveLink: LiveLink = {
  subscribe: () => () => {},
  isLive: () => false,
  onChange: () => () => {},
};
