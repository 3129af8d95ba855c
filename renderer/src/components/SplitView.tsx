// A list with a side panel beside it (the record inspector) that stays in view however far the list
// scrolls. The panel's width is dragged on its edge, or set with the arrow keys there, and remembered.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { clampPanelWidth, readPanelWidth, savePanelWidth } from './panelWidth';

const storage = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);

export function SplitView({ panel, children }: { panel: ReactNode | null; children: ReactNode }) {
  const [width, setWidth] = useState(() => readPanelWidth(storage()));
  const rootRef = useRef<HTMLDivElement>(null);
  const mainRef = useRef<HTMLDivElement>(null);
  const open = panel !== null;
  // A click on a row's button may have scrolled the wide list sideways; beside the panel it starts at its left edge.
  useEffect(() => {
    if (open && mainRef.current) mainRef.current.scrollLeft = 0;
  }, [open]);
  const drag = useRef<{ x: number; width: number } | null>(null);
  const clamp = (w: number) => clampPanelWidth(w, rootRef.current?.clientWidth ?? window.innerWidth);
  const settle = (w: number) => {
    const next = clamp(w);
    setWidth(next);
    savePanelWidth(storage(), next);
  };

  return (
    <div className={`split-view${panel ? ' has-panel' : ''}`} ref={rootRef}>
      <div className="split-main" ref={mainRef}>
        {children}
      </div>
      {panel ? (
        <aside
          className="split-panel"
          style={{ width }}
          aria-label="Side panel"
          data-testid="side-panel"
          data-width={width}
        >
          <div
            className="split-handle"
            role="separator"
            aria-orientation="vertical"
            aria-label="Panel width (drag, or use the left and right arrow keys)"
            aria-valuenow={width}
            tabIndex={0}
            data-testid="side-panel-handle"
            onPointerDown={(event) => {
              event.currentTarget.setPointerCapture(event.pointerId);
              drag.current = { x: event.clientX, width };
            }}
            onPointerMove={(event) => {
              if (drag.current) setWidth(clamp(drag.current.width + drag.current.x - event.clientX));
            }}
            onPointerUp={(event) => {
              if (!drag.current) return;
              settle(drag.current.width + drag.current.x - event.clientX);
              drag.current = null;
            }}
            onKeyDown={(event) => {
              if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
              event.preventDefault();
              event.stopPropagation();
              settle(width + (event.key === 'ArrowLeft' ? 40 : -40));
            }}
          />
          <div className="split-panel-body">{panel}</div>
        </aside>
      ) : null}
    </div>
  );
}
