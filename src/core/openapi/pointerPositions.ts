import type { Node } from 'yaml';
import { parsePointer } from './jsonPointer';

// Line and column of JSON pointers in a document's text, for messages about a place in a file:
// the key's position for a mapping entry (`gett:` rather than what follows it), the item's for a
// list entry. Builds a YAML syntax tree (JSON is YAML), so it is for reporting, not for loading.

type Position = { line: number; column: number };

export function pointerPositions(text: string, pointers: string[]): Map<string, Position> {
  const result = new Map<string, Position>();
  if (pointers.length === 0) return result;
  // Required here, not imported: a `regx run` that reports no position does not initialise yaml.
  const { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument } = require('yaml') as typeof import('yaml');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  const at = (node: Node): Position | undefined => {
    if (!node.range) return undefined;
    const pos = lineCounter.linePos(node.range[0]);
    return { line: pos.line, column: pos.col };
  };
  for (const pointer of pointers) {
    let node: unknown = doc.contents;
    let position = isNode(node) ? at(node) : undefined;
    for (const segment of parsePointer(pointer)) {
      if (isMap(node)) {
        const pair = node.items.find((item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === segment);
        if (!pair) break;
        if (isNode(pair.key)) position = at(pair.key) ?? position;
        node = pair.value;
      } else if (isSeq(node) && /^\d+$/.test(segment)) {
        const item = node.items[Number(segment)];
        if (!isNode(item)) break;
        position = at(item) ?? position;
        node = item;
      } else {
        break;
      }
    }
    if (position) result.set(pointer, position);
  }
  return result;
}
