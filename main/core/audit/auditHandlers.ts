// The audit channels: every redelivery in the team-wide ledger, filtered, and exported.
import type { DomainHandlers } from '../../../shared/contract';
import type { LedgerView } from '../redelivery/ledger';
import { exportAudit, listAudit } from './audit';

export function createAuditHandlers(deps: {
  ledger: () => Promise<LedgerView>;
  now: () => number;
}): DomainHandlers<'audit'> {
  return {
    'audit.list': async (query) => listAudit(await deps.ledger(), query),
    'audit.export': async (query) => exportAudit(await deps.ledger(), query, deps.now()),
  };
}
