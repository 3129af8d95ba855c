// Lists too long to render whole (scan results, topics, the lines of a large value) render only the rows in
// view: rows of one fixed height, placed absolutely inside a spacer as tall as the whole list.
import { useVirtualizer, type VirtualItem } from '@tanstack/react-virtual';
import { useRef, type CSSProperties } from 'react';

/** The scroll container's ref and the virtualizer over `count` rows of `rowHeight` pixels. */
export function useFixedRows(count: number, rowHeight: number, overscan = 10) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
  });
  return { scrollRef, virtualizer };
}

/** Where one rendered row sits inside the spacer. */
export function fixedRowStyle(item: VirtualItem, rowHeight: number): CSSProperties {
  return {
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    height: rowHeight,
    transform: `translateY(${item.start}px)`,
  };
}
