// The idempotency fingerprint: a keyed hash of the request, so that a stolen database cannot be used to recover a
// card number by hashing guesses. A plain hash of the body is recoverable: with the stored columns, the last four
// digits and an issuer prefix, only 10^6-10^9 middle digits remain, which a laptop enumerates in seconds.
import { createHmac, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { CreatePaymentRequest } from './schema';

/** Environment variable that, when set, supplies the secret instead of the key file (hex, at least 32 bytes). */
export const FINGERPRINT_SECRET_ENV = 'EVENTDESK_API_IDEMPOTENCY_SECRET';
export const FINGERPRINT_KEY_FILE = 'idempotency.key';
const SECRET_BYTES = 32;
/** Stored fingerprints carry their scheme, so a future change of scheme can tell old rows from new ones. */
export const FINGERPRINT_PREFIX = 'hmac-sha256:v1:';

function parseSecret(text: string, where: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length % 2 !== 0 || hex.length < SECRET_BYTES * 2) {
    throw new Error(
      `${where} must hold at least ${SECRET_BYTES} bytes as hex (${SECRET_BYTES * 2} hex digits)`,
    );
  }
  return Buffer.from(hex, 'hex');
}

/**
 * The secret behind the fingerprints: given explicitly, from the environment, or from `<dataDir>/idempotency.key`
 * (created with mode 0600 on first start). It lives outside the SQLite file on purpose: a copy of the database
 * alone must not be enough to test card-number guesses. Losing it only makes retries of keys still inside the
 * retention window answer 422 instead of replaying; no card is charged twice because of it.
 */
export function loadFingerprintSecret(
  dataDir: string,
  options: { secret?: string; env?: NodeJS.ProcessEnv } = {},
): Buffer {
  if (options.secret !== undefined) return parseSecret(options.secret, 'idempotencySecret');
  const fromEnv = (options.env ?? process.env)[FINGERPRINT_SECRET_ENV];
  if (fromEnv) return parseSecret(fromEnv, FINGERPRINT_SECRET_ENV);
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, FINGERPRINT_KEY_FILE);
  try {
    // 'wx': two processes starting on one folder must not each write their own secret.
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, `${randomBytes(SECRET_BYTES).toString('hex')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // A umask or a copy may have widened the mode; only the API's user should read the secret.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return parseSecret(readFileSync(file, 'utf8'), file);
}

export type RequestFingerprinter = (body: CreatePaymentRequest) => string;

/**
 * HMAC-SHA256 over the body with sorted keys (so key order does not matter), in which the card number is replaced
 * by its own HMAC under a derived key. Same key + same body gives the same fingerprint; a different card gives a
 * different one; without the secret neither the fingerprint nor the card's stand-in can be checked against guesses.
 */
export function createRequestFingerprinter(secret: Buffer): RequestFingerprinter {
  const derive = (purpose: string) => createHmac('sha256', secret).update(purpose).digest();
  const cardKey = derive('eventdesk payments-api card fingerprint v1');
  const requestKey = derive('eventdesk payments-api request fingerprint v1');
  return (body) => {
    const { cardNumber, ...rest } = body;
    const canonical: Record<string, unknown> = {
      ...rest,
      cardFingerprint: createHmac('sha256', cardKey).update(cardNumber).digest('hex'),
    };
    const sorted = Object.fromEntries(
      Object.entries(canonical).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    return FINGERPRINT_PREFIX + createHmac('sha256', requestKey).update(JSON.stringify(sorted)).digest('hex');
  };
}
