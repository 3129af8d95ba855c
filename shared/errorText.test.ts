import { beforeAll, describe, expect, it } from 'vitest';
import { errorFingerprint } from './dlqHeaders';
import { FINGERPRINT_MESSAGE_CHARS, normalizeErrorMessage, normalizeErrorText } from './errorText';

const MB = 1_000_000;
const fill = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** Fastest of a few runs: a garbage collection or JIT pause in one run says nothing about the algorithm. */
function fastestMs(run: () => void, times = 3): number {
  let best = Infinity;
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

// Inputs that make the regex form of these rules quadratic (or worse): long runs that one pattern
// starts on at every position and scans to the end before failing.
const hostile: Record<string, (length: number) => string> = {
  'run of @': (n) => fill('@', n),
  'run of .': (n) => fill('.', n),
  'run of digits': (n) => fill('7', n),
  'run of spaces': (n) => fill(' ', n),
  'run of a1': (n) => fill('a1', n),
  'run of -': (n) => fill('-', n),
  'run of a-': (n) => fill('a-', n),
  'alternating a@': (n) => fill('a@', n),
  'email local part without a domain': (n) => fill('a.b_c%d+e-', n - 1) + '@',
  'domain without a top-level part': (n) => 'a@' + fill('b.1', n - 2),
  'dotted domain': (n) => 'a@' + fill('b.', n - 2),
  'run of a@b.': (n) => fill('a@b.', n),
  'run of hex': (n) => fill('deadbeef', n),
  'run of 0x': (n) => fill('0x', n),
  'ip then endless port': (n) => '1.2.3.4:' + fill('9', n - 9) + 'x',
  'run of ip-like groups': (n) => fill('1.2.3.4:', n),
  'uuid-like groups': (n) => fill('3f2b8c1e-9a4d-', n),
  'ordinary message repeated': (n) =>
    fill('mailbox ada@example.com rejected for payment pay_123abc (550) at 127.0.0.1:2525; ', n),
};

describe('normalizeErrorMessage on hostile input', () => {
  // Measured on 2 cores, once the code is compiled: 0.3-3 ms per capped call (up to 25 ms for the first
  // few calls), about 0.3 s per uncapped 256 KiB. The regex form (regexReference below) takes 1 s on
  // 20 KB of "a", 4 s on 20 KB of "a-", 40 s on 100 KB of "a", and does not finish 1 MB in a minute.
  beforeAll(() => {
    // Compile the scanners first, so the bounds measure the algorithm rather than the JIT's warm-up.
    const warmUp = hostile['ordinary message repeated']!(FINGERPRINT_MESSAGE_CHARS);
    for (let i = 0; i < 20; i++) errorFingerprint('E', warmUp);
  });

  it.each(Object.keys(hostile))(
    'fingerprints a 1 MB %s within 50 ms (only the capped prefix is read)',
    (name) => {
      const message = hostile[name]!(MB);
      expect(fastestMs(() => errorFingerprint('E', message), 5)).toBeLessThan(50);
    },
  );

  it.each(Object.keys(hostile))(
    'normalises 256 KiB of %s, uncapped, within 3 s (linear, not saved by the cap)',
    (name) => {
      const text = hostile[name]!(256 * 1024);
      expect(fastestMs(() => normalizeErrorText(text), 1)).toBeLessThan(3000);
    },
  );
});

describe('the fingerprint prefix', () => {
  it('is 4096 characters', () => {
    expect(FINGERPRINT_MESSAGE_CHARS).toBe(4096);
  });

  it('decides the fingerprint alone: messages equal in it group together', () => {
    const prefix = fill('order ord_77x failed at step 3 for ada@example.com; ', FINGERPRINT_MESSAGE_CHARS);
    const a = prefix + fill('tail one 12345 ', MB);
    const b = prefix + 'an entirely different tail';
    expect(errorFingerprint('E', a)).toBe(errorFingerprint('E', b));
    expect(errorFingerprint('E', a)).toBe(errorFingerprint('E', prefix));
    // One character inside the prefix still matters.
    expect(errorFingerprint('E', `X${prefix}`)).not.toBe(errorFingerprint('E', prefix));
  });

  it.each(Object.keys(hostile))('gives a 1 MB %s the result of its first 4096 characters', (name) => {
    const message = hostile[name]!(MB);
    expect(normalizeErrorMessage(message)).toBe(
      normalizeErrorText(message.slice(0, FINGERPRINT_MESSAGE_CHARS)),
    );
  });

  it('cuts a token that straddles the cap, deterministically', () => {
    // The address is cut after "ada@exa": no longer an email, so it stays literal text.
    const message = `${fill(' ', FINGERPRINT_MESSAGE_CHARS - 7)}ada@example.com`;
    expect(normalizeErrorMessage(message)).toBe('ada@exa');
  });
});

/**
 * The same rules as backtracking regular expressions: the definition the scanners must agree with.
 * It is quadratic, so it only ever sees short inputs here.
 */
function regexReference(message: string): string {
  return message
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '<email>')
    .replace(/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<ip>')
    .replace(/\b0x[0-9a-f]+\b/gi, '<hex>')
    .replace(/\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{3,}\b/g, '<id>')
    .replace(/\b[0-9a-f]{16,}\b/gi, '<hex>')
    .replace(/\d+(?:\.\d+)?/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('normalizeErrorText agrees with the regular expressions it implements', () => {
  it.each([
    ['x@y@example.com', 'x@<email>'],
    ['a@b.com-x@c.org', '<email><email>'],
    ['a@b.com.x1 and a@.com', '<email>.x<n> and a@.com'],
    ['3f2b8c1e-9a4d-4c7e-8b1a-0123456789ab@example.com', '<uuid>@example.com'],
    ['pay_3f2b8c1e-9a4d-4c7e-8b1a-0123456789abZZ', 'pay_<uuid>ZZ'],
    ['1.2.3.4:80x 1.2.3.4.5 1.2.3.4567 a1.2.3.4', '<ip>:<id> <ip>.<n> <n>.<n> a<n>.<n>'],
    ['0x12g 0X1F, 10x5', '<id> <hex>, <id>'],
    ['--a1b-- ab- a1 -x9-', '--<id>-- ab- a<n> -x<n>-'],
    ['1234567890123456 deadbeefdeadbeef _1234567890123456', '<hex> <hex> _<n>'],
    ['v2 3.14 1.2.3', 'v<n> <n> <n>.<n>'],
    ['\u00a0tab\there\ufeff', 'tab here'],
  ])('%j', (input, expected) => {
    expect(regexReference(input)).toBe(expected);
    expect(normalizeErrorText(input)).toBe(expected);
  });

  it('on 5,000 random short messages built from the characters and tokens each pattern cares about', () => {
    const alphabet = [...'abfFxXzgAeocm01379.-_@%+:<> \t\n'];
    const tokens = [
      '3f2b8c1e-9a4d-4c7e-8b1a-0123456789ab',
      'ada@example.com',
      '127.0.0.1:2525',
      '0xdeadBEEF',
      'pay_123abc',
      'deadbeefdeadbeef00',
      '1234567890123456',
      '3.14',
      'x@y@ex.com',
      '-ab1-',
      '\u00a0',
    ];
    let seed = 20_240_601;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
      return seed % n;
    };
    const mismatches: string[] = [];
    for (let i = 0; i < 5_000; i++) {
      let message = '';
      for (let k = random(60); k > 0; k--)
        message += random(4) === 0 ? tokens[random(tokens.length)] : alphabet[random(alphabet.length)];
      if (normalizeErrorText(message) !== regexReference(message)) mismatches.push(message);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  }, 30_000);
});
