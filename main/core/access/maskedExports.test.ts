import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../../shared/contract';
import { withMaskedOutputs } from './maskingOutputs';

const content = 'at,who,why\r\n2026-12-02,User:alice,customer ann@example.com asked\r\n';
const handlers = {
  'audit.export': async () => ({ format: 'csv', fileName: 'audit.csv', content, count: 1 }),
} as unknown as Handlers;
const policy = () => ({ fields: new Map() }) as never;

describe('exports', () => {
  it('stay masked unless the connection profile allows unmasked exports', async () => {
    let unmasked = false;
    const table = withMaskedOutputs(handlers, policy, () => unmasked);
    const input = { format: 'csv', of: 'redeliveries' } as Parameters<Handlers['audit.export']>[0];
    const masked = await table['audit.export'](input);
    expect(masked.content).not.toContain('ann@example.com');
    unmasked = true;
    expect((await table['audit.export'](input)).content).toBe(content);
  });
});
