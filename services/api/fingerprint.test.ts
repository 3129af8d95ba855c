// The keyed idempotency fingerprint and where its secret lives.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createRequestFingerprinter,
  FINGERPRINT_KEY_FILE,
  FINGERPRINT_PREFIX,
  FINGERPRINT_SECRET_ENV,
  loadFingerprintSecret,
} from './fingerprint';
import { paymentBody } from './test/paymentApiClient';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eventdesk-fingerprint-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('idempotency fingerprint', () => {
  it('is the same for the same body in any key order and differs for another card or another secret', () => {
    const fp = createRequestFingerprinter(Buffer.alloc(32, 1));
    const body = paymentBody();
    const reordered = Object.fromEntries(Object.entries(body).reverse()) as typeof body;
    expect(fp(reordered)).toBe(fp(body));
    expect(fp(body).startsWith(FINGERPRINT_PREFIX)).toBe(true);
    expect(fp({ ...body, cardNumber: '4242424242424241' })).not.toBe(fp(body));
    expect(createRequestFingerprinter(Buffer.alloc(32, 2))(body)).not.toBe(fp(body));
    expect(fp(body)).not.toContain(body.cardNumber);
  });

  it('generates the secret once, in a 0600 file of the data folder, and reuses it on the next start', () => {
    const first = loadFingerprintSecret(dir, { env: {} });
    const file = join(dir, FINGERPRINT_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first).toHaveLength(32);
    expect(loadFingerprintSecret(dir, { env: {} })).toEqual(first);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.toString('hex'));
  });

  it('tightens a key file readable by others and refuses a short secret', () => {
    writeFileSync(join(dir, FINGERPRINT_KEY_FILE), 'ab'.repeat(32));
    chmodSync(join(dir, FINGERPRINT_KEY_FILE), 0o644);
    loadFingerprintSecret(dir, { env: {} });
    expect(statSync(join(dir, FINGERPRINT_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(() => loadFingerprintSecret(dir, { secret: 'abcd' })).toThrow(/at least 32 bytes/);
  });

  it('takes the secret from the environment when given, writing no file', () => {
    const other = mkdtempSync(join(tmpdir(), 'eventdesk-fingerprint-env-'));
    try {
      const secret = loadFingerprintSecret(other, { env: { [FINGERPRINT_SECRET_ENV]: 'cd'.repeat(32) } });
      expect(secret.toString('hex')).toBe('cd'.repeat(32));
      expect(() => statSync(join(other, FINGERPRINT_KEY_FILE))).toThrow(/ENOENT/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
