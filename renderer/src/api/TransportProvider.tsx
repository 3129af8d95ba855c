// Hands the transport chosen at start-up to the hooks; components never see it directly.
import { createContext, useContext, type ReactNode } from 'react';
import type { ConsoleTransport } from './linkStatus';

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
