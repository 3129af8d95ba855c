import { describe, expect, it } from 'vitest';
import { viewBytes } from '../../../../shared/recordView';
import { previewBytes } from './ScanResults';

describe('list row preview', () => {
  it('names a tombstone and a missing key, and says why a value is not text', () => {
    expect(previewBytes(viewBytes(null), 'value')).toBe('tombstone (null value)');
    expect(previewBytes(viewBytes(null), 'key')).toBe('no key');
    expect(previewBytes(viewBytes(new Uint8Array([0, 0, 0, 0, 1, 0x61])), 'value')).toBe(
      'binary, 6 bytes (control bytes at 0–4)',
    );
    expect(previewBytes(viewBytes(new TextEncoder().encode('a\n  b')), 'value')).toBe('a b');
  });
});
