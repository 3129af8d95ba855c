// The renderer's Content-Security-Policy: what it allows, and that the header the shells send (Electron's
// session hook and app:// handler, the bridge) and the meta tag in the built index.html say the same thing.
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

describe('contentSecurityPolicy', () => {
  it('allows scripts only from our own origin, never inline or eval', () => {
    const d = directives(contentSecurityPolicy());
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval/);
  });

  it('forbids plugins, framing, base-uri changes and form posts', () => {
    const d = directives(contentSecurityPolicy());
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
  });

  it('adds only the given connect sources (the bridge socket), leaving everything else equal', () => {
    const plain = directives(contentSecurityPolicy());
    const bridge = directives(contentSecurityPolicy({ connectSources: ['ws://127.0.0.1:4000'] }));
    expect(bridge.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:4000']);
    expect(plain.get('connect-src')).toEqual(["'self'"]);
    for (const [name, sources] of plain)
      if (name !== 'connect-src') expect(bridge.get(name)).toEqual(sources);
  });
});
