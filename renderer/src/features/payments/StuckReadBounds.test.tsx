import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StuckBoundHit, StuckReadNote } from './StuckReadBounds';

describe('stuck-payments read bounds on screen', () => {
  it('says what an answer read under which bounds', () => {
    const html = renderToStaticMarkup(
      <StuckReadNote
        engine={{
          mode: 'evidence',
          refresh: true,
          recordsRead: 1234,
          bytesRead: 2048,
          limits: { maxRecords: 20_000_000, maxBytes: 4 * 1024 ** 3 },
        }}
      />,
    );
    expect(html).toContain('This refresh read 1,234 records (2.0 KiB) · bound 20,000,000 records / 4.0 GiB');
  });

  it('offers ten times the bound when one stopped the read, and nothing for other errors', () => {
    const error = {
      code: 'refused' as const,
      reason: 'read-bound' as const,
      message:
        'Stopped after reading 20,000,001 records, over the bound of 20,000,000: narrow the window or raise maxRecords.',
    };
    const html = renderToStaticMarkup(<StuckBoundHit error={error} scale={1} onRaise={() => undefined} />);
    expect(html).toContain('over the bound of 20,000,000');
    expect(html).toContain('Read up to 200,000,000 records / 40.0 GiB');
    expect(
      renderToStaticMarkup(<StuckBoundHit error={error} scale={100} onRaise={() => undefined} />),
    ).toContain('The bounds are at their highest');
    expect(
      renderToStaticMarkup(
        <StuckBoundHit error={{ code: 'unreachable', message: 'x' }} scale={1} onRaise={() => undefined} />,
      ),
    ).toBe('');
  });
});
