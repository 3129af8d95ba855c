// The policy the Electron shell sends as a header (session hook and app:// handler) and the one the
// built index.html carries as a meta tag must say the same thing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  LOOPBACK_SOCKETS,
  metaContentSecurityPolicy,
} from '../../shared/contentSecurityPolicy';
import { withCspMetaTag } from '../../shared/cspMetaTag';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name ?? '', sources]),
  );
}

describe('the meta policy in index.html agrees with the header', () => {
  it('has every directive of the header with the same sources, except what a meta policy cannot or need not say', () => {
    const header = directives(contentSecurityPolicy());
    const meta = directives(metaContentSecurityPolicy());
    // Browsers ignore frame-ancestors in a meta policy; the header keeps it.
    expect(meta.has('frame-ancestors')).toBe(false);
    for (const [name, sources] of header) {
      if (name === 'frame-ancestors') continue;
      if (name === 'connect-src') expect(meta.get(name)).toEqual([...sources, ...LOOPBACK_SOCKETS]);
      else expect(meta.get(name)).toEqual(sources);
    }
    expect([...meta.keys()].filter((k) => !header.has(k))).toEqual([]);
  });

  it('is written into index.html right after the charset, once', () => {
    const source = readFileSync(join(import.meta.dirname, '..', '..', 'renderer', 'index.html'), 'utf8');
    const built = withCspMetaTag(source);
    const tags = [...built.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)" \/>/g)];
    expect(tags).toHaveLength(1);
    expect(tags[0]![1]).toBe(metaContentSecurityPolicy());
    expect(built.indexOf('http-equiv')).toBeGreaterThan(built.indexOf('<meta charset'));
    expect(built.indexOf('http-equiv')).toBeLessThan(built.indexOf('<script'));
    expect(() => withCspMetaTag(built)).toThrow(/already carries/);
  });
});
