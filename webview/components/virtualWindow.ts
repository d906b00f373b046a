// The arithmetic of a virtualised list, apart from the DOM so it is tested in plain Node: which
// rows a scroll position shows, and how a list taller than a browser allows an element to be
// (Chromium stops near 33 million pixels; a 50 MB JSON body expanded is millions of rows) maps
// its scroll bar onto a scaled spacer.

/** Spacer heights are capped here; beyond it the scroll position is scaled. */
export const MAX_SPACER_PX = 8_000_000;

export interface WindowInput {
  count: number;
  rowHeight: number;
  viewHeight: number;
  scrollTop: number;
  /** Rows rendered beyond each edge of the view, so fast scrolling shows no gap. */
  overscan?: number;
}

export interface RowWindow {
  /** First row index rendered. */
  first: number;
  /** One past the last row index rendered. */
  end: number;
  /** Where the first rendered row's top goes, in spacer coordinates (px). */
  offset: number;
  /** Height of the spacer that gives the scroll bar its length. */
  spacerHeight: number;
}

export function spacerHeight(count: number, rowHeight: number): number {
  return Math.min(count * rowHeight, MAX_SPACER_PX);
}

/** The virtual (unscaled) top of the view for a scroll position. */
export function virtualTop(input: Pick<WindowInput, 'count' | 'rowHeight' | 'viewHeight' | 'scrollTop'>): number {
  const total = input.count * input.rowHeight;
  const spacer = spacerHeight(input.count, input.rowHeight);
  if (total <= spacer) return input.scrollTop;
  const scrollable = Math.max(1, spacer - input.viewHeight);
  return (Math.min(input.scrollTop, scrollable) / scrollable) * Math.max(0, total - input.viewHeight);
}

/** The scroll position that puts `index` at the top of the view (the inverse of virtualTop). */
export function scrollTopFor(index: number, input: Pick<WindowInput, 'count' | 'rowHeight' | 'viewHeight'>): number {
  const total = input.count * input.rowHeight;
  const spacer = spacerHeight(input.count, input.rowHeight);
  const top = Math.max(0, Math.min(index * input.rowHeight, Math.max(0, total - input.viewHeight)));
  if (total <= spacer) return top;
  const scrollable = Math.max(1, spacer - input.viewHeight);
  return (top / Math.max(1, total - input.viewHeight)) * scrollable;
}

export function rowWindow(input: WindowInput): RowWindow {
  const overscan = input.overscan ?? 4;
  const spacer = spacerHeight(input.count, input.rowHeight);
  if (input.count === 0 || input.rowHeight <= 0) return { first: 0, end: 0, offset: 0, spacerHeight: spacer };
  const top = virtualTop(input);
  const firstInView = Math.min(input.count - 1, Math.floor(top / input.rowHeight));
  const first = Math.max(0, firstInView - overscan);
  const inView = Math.ceil(input.viewHeight / input.rowHeight) + 1;
  const end = Math.min(input.count, firstInView + inView + overscan);
  // Rows sit at their unscaled distance from the view's top, which is at scrollTop in the spacer.
  const offset = input.scrollTop - (top - first * input.rowHeight);
  return { first, end, offset, spacerHeight: spacer };
}

/** The index a navigation key moves the active row to, or undefined for other keys. */
export function keyTarget(key: string, active: number, count: number, pageSize: number): number | undefined {
  if (count === 0) return undefined;
  const clamp = (value: number) => Math.max(0, Math.min(count - 1, value));
  switch (key) {
    case 'ArrowDown':
      return clamp(active + 1);
    case 'ArrowUp':
      return clamp(active - 1);
    case 'PageDown':
      return clamp(active + Math.max(1, pageSize - 1));
    case 'PageUp':
      return clamp(active - Math.max(1, pageSize - 1));
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}
