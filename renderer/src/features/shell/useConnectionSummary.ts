// Combines the backend link and the cluster status into what the header and banner should say.
import type { ConnectionStatus } from '../../../../shared/cluster';
import type { AppError } from '../../../../shared/failure';
import { useClusterStatus } from '../../api/cluster';
import { useBackendLink } from '../../api/TransportProvider';
import { useNow } from '../../components/useNow';
import { describeConnection, describeLink, type StatusText } from './connectionText';

export interface ConnectionSummary {
  status: ConnectionStatus | undefined;
  statusError: AppError | null;
  link: StatusText | null;
  cluster: StatusText | null;
}

export function useConnectionSummary(): ConnectionSummary {
  const link = useBackendLink();
  const status = useClusterStatus();
  const now = useNow();
  return {
    status: status.data,
    statusError: status.error,
    link: describeLink(link, now),
    cluster: status.data ? describeConnection(status.data, now) : null,
  };
}
