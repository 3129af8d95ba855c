// Hands the transport chosen at start-up to the hooks; components never see it directly.
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { BackendLinkStatus, ConsoleTransport } from './linkStatus';

const TransportContext = createContext<ConsoleTransport | null>(null);

export function TransportProvider({
  transport,
  children,
}: {
  transport: ConsoleTransport;
  children: ReactNode;
}) {
  return <TransportContext.Provider value={transport}>{children}</TransportContext.Provider>;
}

export function useTransport(): ConsoleTransport {
  const transport = useContext(TransportContext);
  if (!transport) throw new Error('useTransport() needs a <TransportProvider> above it');
  return transport;
}

/** The state of the link to the backend (IPC, or the bridge socket and its reconnects). */
export function useBackendLink(): BackendLinkStatus {
  const { link } = useTransport();
  return useSyncExternalStore(link.subscribe, link.status, link.status);
}
