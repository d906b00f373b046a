// The rows the JSON tree shows: the nodes of the index in document order, each container's
// children only when it is expanded. Rebuilt after a toggle or when more of the body was
// scanned; an explicit stack (not recursion), because a hostile body may nest a million deep.
import { Kind, type JsonIndex } from './jsonIndex';

export class TreeRows {
  rows: Int32Array = new Int32Array(256);
  count = 0;
  readonly expanded = new Set<number>();

  constructor(private readonly index: JsonIndex) {}

  rebuild(): void {
    const index = this.index;
    let out = this.rows;
    let count = 0;
    const push = (node: number) => {
      if (count === out.length) {
        const grown = new Int32Array(out.length * 2);
        grown.set(out);
        out = grown;
      }
      out[count++] = node;
    };
    if (index.count > 0) {
      push(0);
      // Each entry: the next child to visit of an expanded container (or -1 when done).
      const stack: number[] = [];
      if (this.expanded.has(0)) stack.push(firstChild(index, 0));
      while (stack.length) {
        const child = stack[stack.length - 1]!;
        if (child < 0) {
          stack.pop();
          continue;
        }
        const next = index.nextOf(child);
        stack[stack.length - 1] = next < 0 || next >= index.count || index.parent[next] !== index.parent[child] ? -1 : next;
        push(child);
        if (this.expanded.has(child)) stack.push(firstChild(index, child));
      }
    }
    this.rows = out;
    this.count = count;
  }

  toggle(node: number): void {
    if (!this.index.isContainer(node)) return;
    if (this.expanded.has(node)) this.expanded.delete(node);
    else this.expanded.add(node);
    this.rebuild();
  }

  /** Expands every ancestor of `node` so it has a row; returns that row. */
  reveal(node: number): number {
    for (let at = this.index.parent[node]!; at >= 0; at = this.index.parent[at]!) this.expanded.add(at);
    this.rebuild();
    return this.rowOf(node);
  }

  rowOf(node: number): number {
    for (let i = 0; i < this.count; i++) if (this.rows[i] === node) return i;
    return -1;
  }

  /** The first screen's shape: the root open, and under an object root its containers too. */
  expandDefaults(): void {
    const index = this.index;
    if (index.count === 0) return;
    this.expanded.add(0);
    if (index.kind[0] !== Kind.Object) return;
    for (const child of index.children(0)) if (index.isContainer(child)) this.expanded.add(child);
  }
}

function firstChild(index: JsonIndex, node: number): number {
  const child = node + 1;
  return child < index.count && index.parent[child] === node ? child : -1;
}
