// A virtualised list, tree or grid: only the rows in view (plus a few) exist in the DOM, so
// 10,000 gebeurtenissen or a million JSON nodes scroll as smoothly as ten. Rows have one fixed
// height; the caller fills each row element (with text only) in `renderRow`. Keyboard: arrows,
// Page Up/Down, Home/End move the active row (announced through aria-activedescendant), Enter
// activates it, and `onKey` gets the rest (a tree's Left/Right).
import { keyTarget, rowWindow, scrollTopFor } from './virtualWindow';

let lists = 0;

export interface VirtualListOptions {
  /** `tree`: rows are treeitems; `grid`: rows hold gridcells; `listbox`: options. */
  role: 'listbox' | 'tree' | 'grid';
  label: string;
  /** Row height in px; the stylesheet must give `.vrow` the same height. */
  rowHeight?: number;
  testId?: string;
  /** Fills `row` for `index`; the element is reused, so set everything every time. */
  renderRow(row: HTMLElement, index: number): void;
  /** The active row changed (keys or a click). */
  onActiveChange?(index: number): void;
  /** Enter, or a double click, on a row. */
  onActivate?(index: number): void;
  /** Any other key while the list has focus; return true when handled. */
  onKey?(event: KeyboardEvent, index: number): boolean;
  /** A click on a row (after it became active); `target` is the clicked element. */
  onClick?(index: number, target: HTMLElement, event: MouseEvent): void;
}

export class VirtualList {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly window: HTMLElement;
  private readonly id = `vlist${++lists}`;
  private readonly rowHeight: number;
  private count = 0;
  private activeIndex = -1;
  private viewHeight = 0;
  private frame = 0;
  private rows: HTMLElement[] = [];

  constructor(private readonly options: VirtualListOptions) {
    this.rowHeight = options.rowHeight ?? 22;
    this.element = document.createElement('div');
    this.element.className = `vlist vlist-${options.role}`;
    this.element.tabIndex = 0;
    this.element.setAttribute('role', options.role);
    this.element.setAttribute('aria-label', options.label);
    if (options.testId) this.element.dataset.testid = options.testId;
    this.spacer = document.createElement('div');
    this.spacer.className = 'vlist-spacer';
    this.window = document.createElement('div');
    this.window.className = 'vlist-window';
    this.window.setAttribute('role', 'presentation');
    this.element.append(this.spacer, this.window);
    this.element.addEventListener('scroll', () => this.schedule());
    this.element.addEventListener('keydown', (event) => this.key(event));
    this.element.addEventListener('click', (event) => this.click(event));
    this.element.addEventListener('dblclick', (event) => {
      const index = this.indexOf(event.target);
      if (index !== undefined) this.options.onActivate?.(index);
    });
    new ResizeObserver(() => {
      this.viewHeight = this.element.clientHeight;
      this.schedule();
    }).observe(this.element);
  }

  get size(): number {
    return this.count;
  }

  get active(): number {
    return this.activeIndex;
  }

  /** Rows that fit in the view. */
  get pageSize(): number {
    return Math.max(1, Math.floor((this.viewHeight || this.element.clientHeight) / this.rowHeight));
  }

  /** The row at the top of the view, for saving and restoring where the user was. */
  get topIndex(): number {
    const window = rowWindow(this.input());
    return Math.min(this.count - 1, window.first + Math.round((this.element.scrollTop - window.offset) / this.rowHeight));
  }

  setCount(count: number): void {
    this.count = count;
    if (this.activeIndex >= count) this.activeIndex = count - 1;
    this.render();
  }

  /** Re-renders the rows in view (their data changed, not their number). */
  refresh(): void {
    this.render();
  }

  setActive(index: number, options: { scroll?: boolean; focus?: boolean; notify?: boolean } = {}): void {
    if (this.count === 0) return;
    const next = Math.max(0, Math.min(this.count - 1, index));
    const changed = next !== this.activeIndex;
    this.activeIndex = next;
    if (options.scroll !== false) this.reveal(next);
    this.render();
    if (options.focus) this.element.focus();
    if (changed && options.notify !== false) this.options.onActiveChange?.(next);
  }

  /** Scrolls so `index` is in view (at the top when it was above, at the bottom when below). */
  reveal(index: number): void {
    const top = this.topIndex;
    const page = this.pageSize;
    if (index >= top && index < top + page) return;
    this.scrollToIndex(index < top ? index : index - page + 1);
  }

  scrollToIndex(index: number): void {
    this.viewHeight ||= this.element.clientHeight;
    this.element.scrollTop = scrollTopFor(index, this.input());
    this.render();
  }

  private input() {
    return { count: this.count, rowHeight: this.rowHeight, viewHeight: this.viewHeight || this.element.clientHeight, scrollTop: this.element.scrollTop };
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const window = rowWindow(this.input());
    this.spacer.style.height = `${window.spacerHeight}px`;
    this.window.style.transform = `translateY(${window.offset}px)`;
    const needed = window.end - window.first;
    while (this.rows.length < needed) {
      const row = document.createElement('div');
      this.rows.push(row);
      this.window.append(row);
    }
    while (this.rows.length > needed) this.rows.pop()!.remove();
    let activeRendered = false;
    for (let i = 0; i < needed; i++) {
      const index = window.first + i;
      const row = this.rows[i]!;
      row.className = index === this.activeIndex ? 'vrow active' : 'vrow';
      row.id = `${this.id}-${index}`;
      row.dataset.index = String(index);
      row.setAttribute('role', this.options.role === 'tree' ? 'treeitem' : this.options.role === 'grid' ? 'row' : 'option');
      row.setAttribute('aria-selected', String(index === this.activeIndex));
      if (this.options.role === 'grid') row.setAttribute('aria-rowindex', String(index + 1));
      else {
        row.setAttribute('aria-setsize', String(this.count));
        row.setAttribute('aria-posinset', String(index + 1));
      }
      this.options.renderRow(row, index);
      if (index === this.activeIndex) activeRendered = true;
    }
    if (activeRendered) this.element.setAttribute('aria-activedescendant', `${this.id}-${this.activeIndex}`);
    else this.element.removeAttribute('aria-activedescendant');
  }

  private indexOf(target: EventTarget | null): number | undefined {
    const row = target instanceof Element ? target.closest<HTMLElement>('.vrow') : null;
    if (!row || !this.element.contains(row)) return undefined;
    const index = Number(row.dataset.index);
    return Number.isInteger(index) ? index : undefined;
  }

  private click(event: MouseEvent): void {
    const index = this.indexOf(event.target);
    if (index === undefined) return;
    this.setActive(index, { scroll: false });
    this.options.onClick?.(index, event.target as HTMLElement, event);
  }

  private key(event: KeyboardEvent): void {
    if (event.target !== this.element) return;
    const target = keyTarget(event.key, Math.max(0, this.activeIndex), this.count, this.pageSize);
    if (target !== undefined) {
      event.preventDefault();
      this.setActive(target);
      return;
    }
    if (event.key === 'Enter' && this.activeIndex >= 0) {
      event.preventDefault();
      this.options.onActivate?.(this.activeIndex);
      return;
    }
    if (this.options.onKey?.(event, this.activeIndex)) event.preventDefault();
  }
}
