// How the renderer is attached to its backend (IPC or the bridge socket), observable by the shell.
import type { Transport } from '../../../shared/contract';

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

export interface ConsoleTransport extends Transport {
  readonly kind: 'ipc' | 'bridge';
  readonly link: BackendLink;
}

/** A link that never changes, for IPC (always there) and for a bridge page opened without a token. */
export function fixedLink(status: BackendLinkStatus): BackendLink {
  return { status: () => status, subscribe: () => () => {} };
}
