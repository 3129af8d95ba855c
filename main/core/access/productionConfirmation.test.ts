import { describe, expect, it } from 'vitest';
import type { ConnectionAccess } from '../../../shared/access';
import { productionRefusal } from './productionConfirmation';

const access = (environment: ConnectionAccess['environment']): ConnectionAccess => ({
  profile: 'prod-east',
  environment,
  readOnly: false,
  protocol: 'SASL_SSL',
  principal: 'User:alice',
});

describe('the production confirmation', () => {
  it('needs the exact profile name on production only', () => {
    expect(productionRefusal(access('staging'), undefined)).toBeNull();
    expect(productionRefusal(access('production'), undefined)).toContain(
      '"prod-east" is a production cluster',
    );
    expect(productionRefusal(access('production'), 'prod-West')).toContain('"prod-West" is not this cluster');
    expect(productionRefusal(access('production'), ' prod-east ')).toBeNull();
  });
});
