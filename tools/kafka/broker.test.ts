import { describe, expect, it } from 'vitest';
import { newClusterId, storageFormatArgs } from './broker';

/** The id a parser of `format --cluster-id=<id> -c <file>` reads back, or null if it would misread it. */
function parsedClusterId(args: string[]): string | null {
  if (args[0] !== 'format') return null;
  let id: string | null = null;
  for (let i = 1; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--cluster-id=')) id = arg.slice('--cluster-id='.length);
    else if (arg === '-c' && args[i + 1] !== undefined && !args[i + 1]!.startsWith('-')) i++;
    else return null;
  }
  return id;
}

describe('KRaft storage format arguments', () => {
  it('keeps every cluster id attached to its option, also ids starting with - or _', () => {
    const ids = Array.from({ length: 200 }, (_, i) => {
      const id = newClusterId();
      if (i % 4 === 1) return `-${id.slice(1)}`;
      if (i % 4 === 2) return `_${id.slice(1)}`;
      if (i % 4 === 3) return `--${id.slice(2)}`;
      return id;
    });
    expect(ids.some((id) => id.startsWith('-'))).toBe(true);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      const args = storageFormatArgs(id, '/tmp/server.properties');
      expect(parsedClusterId(args)).toBe(id);
      // No argument may be the bare id: a parser would read a leading '-' as an option.
      expect(args).not.toContain(id);
    }
  });

  it('makes a 22-character base64url id from 16 random bytes', () => {
    expect(newClusterId(() => new Uint8Array(16).fill(0xfb))).toBe('-_v7-_v7-_v7-_v7-_v7-w');
    expect(newClusterId()).not.toBe(newClusterId());
  });

  it('refuses something that is not a cluster id', () => {
    expect(() => storageFormatArgs('short', 'p')).toThrow(/not a Kafka cluster id/);
    expect(() => storageFormatArgs('a b c d e f g h i j kl', 'p')).toThrow(/not a Kafka cluster id/);
  });
});
