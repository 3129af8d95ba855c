// The privacy channels: an audited reveal of one record's personal data.
import type { DomainHandlers } from '../../../shared/contract';
import { revealRecord, type RevealDeps } from '../access/reveal';

export function createPrivacyHandlers(deps: RevealDeps): DomainHandlers<'privacy'> {
  return {
    'privacy.reveal': async (request) => revealRecord(deps, request),
  };
}
