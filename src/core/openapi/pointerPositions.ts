import { LineCounter, isNode, parseDocument } from 'yaml';
import { parsePointer } from './jsonPointer';

// Line and column of JSON pointers in a document's text, for messages about a place in a file.
// Builds a YAML syntax tree (JSON is YAML), so it is kept for reporting, not for loading.

export function pointerPositions(text: string, pointers: string[]): Map<string, { line: number; column: number }> {
  const result = new Map<string, { line: number; column: number }>();
  if (pointers.length === 0) return result;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, keepSourceTokens: false });
  for (const pointer of pointers) {
    const segments = parsePointer(pointer);
    for (let n = segments.length; n >= 0; n--) {
      const path = segments.slice(0, n).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      let node: unknown;
      try {
        node = n === 0 ? doc.contents : doc.getIn(path, true);
      } catch {
        node = undefined;
      }
      // a scalar found under a numeric segment of a map may be keyed by the string form
      if (node === undefined && path.some((s) => typeof s === 'number')) {
        try {
          node = doc.getIn(segments.slice(0, n), true);
        } catch {
          node = undefined;
        }
      }
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        result.set(pointer, { line: pos.line, column: pos.col });
        break;
      }
    }
  }
  return result;
}
