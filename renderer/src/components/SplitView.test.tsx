import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeTransport } from '../test/fakeTransport';
import { renderSettled } from '../test/renderSettled';
import { PANEL_WIDTH_KEY } from './panelWidth';
import { SplitView } from './SplitView';

describe('SplitView', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('puts the panel beside the list at the width remembered from last time', async () => {
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => (k === PANEL_WIDTH_KEY ? '610' : null),
      setItem: () => {},
    });
    const { html } = await renderSettled(
      <SplitView panel={<p>the record</p>}>
        <table />
      </SplitView>,
      fakeTransport({}),
    );
    expect(html).toMatch(
      /^<div class="split-view has-panel"><div class="split-main"><table><\/table><\/div><aside/,
    );
    expect(html).toContain('style="width:610px" aria-label="Side panel" data-testid="side-panel"');
    expect(html).toContain('role="separator"');
    expect(html).toContain('<div class="split-panel-body"><p>the record</p></div>');
  });

  it('shows only the list while nothing is inspected', async () => {
    const { html } = await renderSettled(
      <SplitView panel={null}>
        <table />
      </SplitView>,
      fakeTransport({}),
    );
    expect(html).toBe('<div class="split-view"><div class="split-main"><table></table></div></div>');
  });
});
