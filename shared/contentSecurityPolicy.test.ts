import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './contentSecurityPolicy';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name ?? '', sources]),
  );
}

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
