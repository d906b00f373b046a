// The response body: a virtualised JSON tree and raw view over the body's bytes, which arrive
// in chunks and are indexed in slices between frames (JsonIndex), so the first screen of a 50 MB
// body shows at once and the page never stalls; search; copy value / JSONPath; "use in next
// request"; images shown from a blob: URL; other binary as size + hex + save; problem details
// made readable. Everything is text (textContent).
import { button, el, setBusy, textField, VirtualList } from '../../components';
import { jsonPath, isAddressablePath } from '../../../src/core/json/jsonPath';
import { JsonIndex, Kind } from './jsonIndex';
import { hexLine, pathSteps, problemView } from './problemDetails';
import { RawRows } from './rawRows';
import { ByteSearch } from './search';
import { TreeRows } from './treeRows';
import { isInsertablePath } from '../protocol';

export type BodyMode = 'tree' | 'raw';

export interface BodyViewerOptions {
  kind: 'json' | 'text' | 'binary';
  size: number;
  contentType?: string;
  mode: BodyMode;
  /** The request's `# @name`, for "use in next request" (the host asks for one when absent). */
  onModeChange(mode: BodyMode): void;
  copy(text: string, source: HTMLElement): void;
  useInRequest(path: string, source: HTMLElement): void;
  save?(source: HTMLElement): void;
  /** The panel shows the host's problem summary above the body; the viewer adds no card of its own. */
  problemShown?: boolean;
}

/** Scanning work per frame slice: about 4 ms of a 2-core machine's time. */
const SLICE_BYTES = 2 * 1024 * 1024;
const PREVIEW_CHARS = 300;
const decoder = new TextDecoder();

export class BodyViewer {
  readonly element: HTMLElement;
  private readonly index: JsonIndex;
  private readonly raw: RawRows;
  private readonly tree: TreeRows;
  private readonly list: VirtualList;
  private readonly progress = el('div', { className: 'body-progress muted', testId: 'body-progress' });
  private readonly extras = el('div', { className: 'body-extras' });
  private readonly searchCount = el('span', { className: 'muted', testId: 'search-count' });
  private readonly selectionTools = el('span', { className: 'selection-tools' });
  private readonly pathLabel = el('code', { className: 'json-path', testId: 'json-path' });
  private mode: BodyMode;
  private search: ByteSearch | undefined;
  private searchAt = -1;
  private working = 0;
  private defaultsApplied = false;
  private pendingReveal: (string | number)[] | undefined;
  private selected = -1;
  private received = 0;

  constructor(private readonly options: BodyViewerOptions) {
    this.index = new JsonIndex(options.size);
    this.raw = new RawRows(this.index.bytes);
    this.tree = new TreeRows(this.index);
    this.mode = options.kind === 'json' ? options.mode : 'raw';
    this.list = new VirtualList({
      role: 'tree',
      label: 'Response body',
      testId: 'body-view',
      renderRow: (row, i) => (this.mode === 'tree' ? this.renderTreeRow(row, i) : this.renderRawRow(row, i)),
      onActiveChange: (i) => this.select(i),
      onActivate: (i) => this.toggleRow(i),
      onKey: (event, i) => this.key(event, i),
      onClick: (i, target) => {
        if (target.classList.contains('twisty')) this.toggleRow(i);
      },
    });
    this.element = el('section', { className: 'body-viewer' }, this.toolbar(), this.progress, this.extras, this.list.element);
    this.element.classList.toggle('binary', options.kind === 'binary');
    if (options.size === 0) this.finish();
  }

  private toolbar(): HTMLElement {
    const bar = el('div', { className: 'toolbar body-toolbar' });
    if (this.options.kind === 'json') {
      const modes = el('span', { className: 'modes', role: 'radiogroup', label: 'View' });
      for (const mode of ['tree', 'raw'] as const) {
        const control = el('button', { className: `tab${this.mode === mode ? ' selected' : ''}`, text: mode === 'tree' ? 'Tree' : 'Raw', testId: `mode-${mode}`, role: 'radio' });
        control.setAttribute('aria-checked', String(this.mode === mode));
        control.addEventListener('click', () => {
          this.setMode(mode);
          for (const other of modes.children) {
            other.classList.toggle('selected', other === control);
            other.setAttribute('aria-checked', String(other === control));
          }
        });
        modes.append(control);
      }
      bar.append(modes);
    }
    if (this.options.kind !== 'binary') {
      const field = textField({ label: 'Search the body', placeholder: 'Search body', testId: 'body-search', onInput: (value) => this.startSearch(value), onEnter: () => this.nextMatch(1) });
      const previous = button('↑', { title: 'Previous match (Shift+Enter)', onClick: () => this.nextMatch(-1) });
      const next = button('↓', { title: 'Next match (Enter)', onClick: () => this.nextMatch(1) });
      field.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && event.shiftKey) this.nextMatch(-1);
      });
      bar.append(field, previous, next, this.searchCount);
    }
    if (this.options.kind === 'json') bar.append(this.selectionTools);
    if (this.options.save) {
      const save: HTMLElement = button('Save…', { testId: 'save-body', onClick: () => this.options.save!(save) });
      bar.append(save);
    }
    return bar;
  }

  /** Bytes of the body from `offset`; `last` with the final chunk. */
  append(bytes: Uint8Array, offset: number, last: boolean): void {
    this.index.append(bytes, offset, last);
    this.received = Math.max(this.received, offset + bytes.length);
    // The first bytes are shown at once, not at the next frame: later chunks may queue before it.
    if (!this.shownOnce) {
      this.shownOnce = true;
      if (this.working) cancelAnimationFrame(this.working);
      this.working = 0;
      this.work();
      return;
    }
    this.schedule();
  }

  private shownOnce = false;

  /** Opens the tree at a validation error's path (when the body has that node). */
  reveal(path: string): boolean {
    const steps = pathSteps(path);
    if (!steps) return false;
    const node = this.index.find(steps);
    if (node === undefined) {
      this.pendingReveal = this.index.done ? undefined : steps;
      return false;
    }
    if (this.mode !== 'tree') this.setMode('tree');
    const row = this.tree.reveal(node);
    this.list.setCount(this.tree.count);
    this.list.setActive(row, { focus: true });
    return true;
  }

  private setMode(mode: BodyMode): void {
    if (this.mode === mode) return;
    this.mode = mode;
    this.options.onModeChange(mode);
    this.list.setCount(this.rowCount());
    this.list.scrollToIndex(0);
    this.selected = -1;
    this.updateSelection();
  }

  private rowCount(): number {
    return this.mode === 'tree' ? this.tree.count : this.raw.count;
  }

  /** Scans what arrived, a slice per turn of the event loop, re-rendering the rows in view. */
  private schedule(): void {
    if (this.working) return;
    this.working = requestAnimationFrame(() => this.work());
  }

  private work(): void {
    this.working = 0;
    const started = performance.now();
    const index = this.index;
    // Scan until ~8 ms of this frame are used, so scrolling and typing stay smooth meanwhile.
    while (performance.now() - started < 8 && this.options.kind === 'json' && !index.done && index.scan(SLICE_BYTES));
    this.raw.scan(this.options.kind === 'json' ? Math.min(index.available, Math.max(index.scanned, this.received)) : index.available, index.complete);
    if (this.search) while (performance.now() - started < 12 && this.search.scan(index.available));
    if (!this.defaultsApplied && index.count > 0) {
      this.tree.expandDefaults();
      this.defaultsApplied = index.count > 1 || index.done;
    } else if (index.kind[0] === Kind.Object && index.count > 0) {
      // Containers of an object root that arrived since: open them too, as the first screen did.
      for (const child of index.children(0)) if (index.isContainer(child) && !this.tree.expanded.has(child) && child > this.lastDefaultChild) this.openDefault(child);
    }
    if (this.mode === 'tree') this.tree.rebuild();
    this.list.setCount(this.rowCount());
    if (this.pendingReveal && index.find(this.pendingReveal) !== undefined) {
      const steps = this.pendingReveal;
      this.pendingReveal = undefined;
      this.reveal(jsonPath(steps));
    }
    this.renderProgress();
    this.updateSearchCount();
    const more = this.options.kind === 'json' ? !index.done : this.raw.count === 0 || !index.complete;
    if (more || (this.search && this.search.scan(index.available, 0))) this.schedule();
    else this.finish();
  }

  private lastDefaultChild = 0;
  private openDefault(child: number): void {
    this.tree.expanded.add(child);
    this.lastDefaultChild = child;
  }

  private finishedOnce = false;
  private finish(): void {
    if (this.finishedOnce) return;
    this.finishedOnce = true;
    this.renderProgress();
    this.renderExtras();
  }

  private renderProgress(): void {
    const index = this.index;
    const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;
    if (index.error && this.options.kind === 'json') {
      this.progress.textContent = `Not JSON at byte ${index.error.offset}: ${index.error.message}. The raw view shows the body as received.`;
      this.progress.classList.add('warning');
      if (this.mode === 'tree') this.setMode('raw');
      return;
    }
    if (!index.complete) this.progress.textContent = `Receiving… ${mb(index.available)} of ${mb(this.options.size)}`;
    else if (this.options.kind === 'json' && !index.done) this.progress.textContent = `Reading… ${mb(index.scanned)} of ${mb(this.options.size)} · ${index.count.toLocaleString()} values so far`;
    else this.progress.textContent = this.options.kind === 'json' ? `${index.count.toLocaleString()} values` : '';
  }

  /** Once the whole body is in: problem details, an image, a hex preview. */
  private renderExtras(): void {
    const { kind, contentType, size } = this.options;
    const bytes = this.index.bytes;
    if (kind === 'json' && size <= 1024 * 1024 && !this.index.error && !this.options.problemShown) {
      try {
        const problem = problemView(JSON.parse(decoder.decode(bytes.slice(0, bytes.length))), contentType);
        if (problem) this.extras.append(problemCard(problem));
      } catch {
        // the index said it is JSON; a parse failure here only means no problem card
      }
    }
    if (kind === 'binary') {
      if (contentType && /^image\//i.test(contentType)) {
        const url = URL.createObjectURL(new Blob(bytes.chunks as BlobPart[], { type: contentType.split(';')[0]!.trim() }));
        const image = el('img', { className: 'body-image', testId: 'body-image', label: `Image, ${contentType}` });
        image.src = url;
        image.alt = `Response image (${contentType})`;
        this.extras.append(image);
      }
      this.extras.append(el('p', { className: 'muted', text: `Binary body, ${size.toLocaleString()} bytes${contentType ? ` of ${contentType}` : ''}. Hex of the first ${Math.min(size, HEX_BYTES).toLocaleString()} bytes:` }));
      this.list.setCount(Math.ceil(Math.min(size, HEX_BYTES) / 16));
    }
  }

  private renderTreeRow(row: HTMLElement, i: number): void {
    const index = this.index;
    const node = this.tree.rows[i]!;
    const depth = index.depth(node);
    const container = index.isContainer(node);
    const open = this.tree.expanded.has(node);
    row.setAttribute('aria-level', String(depth + 1));
    if (container) row.setAttribute('aria-expanded', String(open));
    else row.removeAttribute('aria-expanded');
    const parts: Node[] = [el('span', { className: 'indent', text: '  '.repeat(depth) }), el('span', { className: 'twisty', text: container ? (open ? '▾ ' : '▸ ') : '  ' })];
    const key = index.keyOf(node);
    if (typeof key === 'string') parts.push(el('span', { className: 'json-key', text: JSON.stringify(key) }), el('span', { className: 'json-punctuation', text: ': ' }));
    else if (typeof key === 'number') parts.push(el('span', { className: 'json-index', text: `${key}: ` }));
    const kind = index.kind[node]!;
    if (container) {
      const count = index.sizeOf(node);
      const pending = index.isOpen(node) && !index.error;
      const brackets = kind === Kind.Object ? ['{', '}'] : ['[', ']'];
      parts.push(el('span', { className: 'json-punctuation', text: open ? brackets[0]! : `${brackets[0]}…${brackets[1]}` }), el('span', { className: 'json-meta', text: ` ${count.toLocaleString()}${pending ? '+' : ''} ${kind === Kind.Object ? (count === 1 ? 'key' : 'keys') : count === 1 ? 'item' : 'items'}` }));
    } else {
      const start = index.start[node]!;
      const end = index.endOf(node);
      const long = end - start > PREVIEW_CHARS * 4;
      const text = index.text(start, long ? start + PREVIEW_CHARS * 4 : end);
      const shown = text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : long ? `${text}…` : text;
      const className = kind === Kind.String ? 'json-string' : kind === Kind.Number ? 'json-number' : 'json-literal';
      parts.push(el('span', { className, text: shown, title: long || text.length > PREVIEW_CHARS ? `${(end - start).toLocaleString()} bytes; Copy value copies all of it` : undefined }));
    }
    row.replaceChildren(...parts);
  }

  private renderRawRow(row: HTMLElement, i: number): void {
    row.removeAttribute('aria-level');
    row.removeAttribute('aria-expanded');
    if (this.options.kind === 'binary') {
      row.textContent = hexLine(this.index.bytes.slice(0, Math.min(this.index.available, HEX_BYTES)), i * 16);
      return;
    }
    const [start, end] = this.raw.range(i, this.index.available);
    row.textContent = decoder.decode(this.index.bytes.slice(start, end)).replace(/\r?\n$/, '');
  }

  private toggleRow(i: number): void {
    if (this.mode !== 'tree') return;
    const node = this.tree.rows[i];
    if (node === undefined || !this.index.isContainer(node)) return;
    this.tree.toggle(node);
    this.list.setCount(this.tree.count);
  }

  private key(event: KeyboardEvent, i: number): boolean {
    if (this.mode !== 'tree' || i < 0) return false;
    const node = this.tree.rows[i]!;
    const open = this.tree.expanded.has(node);
    if (event.key === 'ArrowRight' && this.index.isContainer(node) && !open) {
      this.toggleRow(i);
      return true;
    }
    if (event.key === 'ArrowLeft') {
      if (open) this.toggleRow(i);
      else {
        const parent = this.index.parent[node]!;
        if (parent >= 0) this.list.setActive(this.tree.rowOf(parent));
      }
      return true;
    }
    if ((event.key === 'c' || event.key === 'C') && (event.ctrlKey || event.metaKey)) {
      this.copySelectedValue(this.list.element);
      return true;
    }
    return false;
  }

  private select(i: number): void {
    this.selected = this.mode === 'tree' ? (this.tree.rows[i] ?? -1) : -1;
    this.updateSelection();
  }

  private updateSelection(): void {
    const node = this.selected;
    if (this.options.kind !== 'json' || node < 0) {
      this.selectionTools.replaceChildren();
      return;
    }
    const steps = this.index.steps(node);
    const path = jsonPath(steps);
    const addressable = isAddressablePath(steps, (at) => this.index.find(at) !== undefined) && isInsertablePath(path);
    this.pathLabel.textContent = path;
    const copyValue: HTMLElement = button('Copy value', { testId: 'copy-value', title: 'Copy the selected value (Ctrl+C)', onClick: () => this.copySelectedValue(copyValue) });
    const copyPath: HTMLElement = button('Copy JSONPath', { testId: 'copy-path', onClick: () => this.options.copy(path, copyPath) });
    const use: HTMLElement = button('Use in next request', {
      testId: 'use-in-request',
      title: addressable ? `Insert {{name.response.body.${path}}} in the request file` : 'A key on this path cannot be written as a JSONPath the request variables read',
      onClick: () => this.options.useInRequest(path, use),
    });
    if (!addressable) setBusy(use, true);
    this.selectionTools.replaceChildren(this.pathLabel, copyValue, copyPath, use);
  }

  private copySelectedValue(source: HTMLElement): void {
    const node = this.selected;
    if (node < 0) return;
    const index = this.index;
    const end = index.isOpen(node) ? index.available : index.endOf(node);
    const text = index.text(index.start[node]!, end);
    // A string is copied as its value, not as JSON with quotes and escapes.
    if (index.kind[node] === Kind.String) {
      try {
        this.options.copy(JSON.parse(text) as string, source);
        return;
      } catch {
        // fall through: copy as it is
      }
    }
    this.options.copy(text, source);
  }

  private startSearch(query: string): void {
    this.search = query ? new ByteSearch(this.index.bytes, query) : undefined;
    this.searchAt = -1;
    this.updateSearchCount();
    this.schedule();
  }

  private updateSearchCount(): void {
    if (!this.search) {
      this.searchCount.textContent = '';
      return;
    }
    const total = this.search.matches.length;
    this.searchCount.textContent = total === 0 ? 'No matches' : `${this.searchAt >= 0 ? this.searchAt + 1 : '–'} of ${total.toLocaleString()}${this.search.full ? '+' : ''}`;
  }

  private nextMatch(direction: 1 | -1): void {
    const matches = this.search?.matches;
    if (!matches?.length) return;
    this.searchAt = (this.searchAt + direction + matches.length) % matches.length;
    const offset = matches[this.searchAt]!;
    if (this.mode === 'tree' && this.options.kind === 'json' && !this.index.error) {
      const node = this.index.nodeAt(offset);
      if (node !== undefined) {
        const row = this.tree.reveal(node);
        this.list.setCount(this.tree.count);
        this.list.setActive(row);
      }
    } else {
      this.list.setActive(this.raw.rowAt(offset));
    }
    this.updateSearchCount();
  }
}

const HEX_BYTES = 64 * 1024;

function problemCard(problem: ReturnType<typeof problemView> & object): HTMLElement {
  const card = el(
    'section',
    { className: 'problem', testId: 'problem', label: 'Problem details' },
    el('div', { className: 'problem-title', text: [problem.status, problem.title].filter((part) => part !== undefined).join(' ') || 'Problem' }),
    problem.detail ? el('div', { className: 'problem-detail', text: problem.detail }) : undefined,
  );
  const facts = el('dl', { className: 'problem-facts' });
  for (const [name, value] of [
    ['type', problem.type],
    ['instance', problem.instance],
  ] as const) {
    if (value) facts.append(el('dt', { text: name }), el('dd', { text: value }));
  }
  for (const extension of problem.extensions) facts.append(el('dt', { text: extension.name }), el('dd', {}, ...extension.lines.map((line) => el('div', { text: line }))));
  if (facts.childElementCount) card.append(facts);
  return card;
}
