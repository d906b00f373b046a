// Arazzo text (YAML or JSON — JSON is YAML 1.2) → a plain value, its syntax problems, and a way
// to find where any JSON pointer sits in the text. Never throws: a file that does not parse comes
// back with diagnostics and no value, so no flow is ever run half-read.

import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { FlowDiagnostic, TextRange } from './flowDiagnostic';

export interface ParsedArazzo {
  value?: unknown;
  diagnostics: FlowDiagnostic[];
  /** Range of the node at a path (or its nearest existing parent); `key` = the mapping key, not its value. */
  locate(path: readonly (string | number)[], key?: boolean): TextRange;
}

const START: TextRange = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

export function parseArazzo(text: string): ParsedArazzo {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    // YAML 1.2 core schema: `2024-01-01` and `on` stay strings, as JSON would read them; aliases bounded.
    doc = parseDocument(body, { lineCounter, version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: true });
  } catch (error) {
    return { diagnostics: [{ severity: 'error', code: 'arazzo/syntax', message: (error as Error).message, pointer: '', range: START }], locate: () => START };
  }
  const rangeOf = (node: Node | undefined): TextRange | undefined => {
    if (!node?.range) return undefined;
    const start = lineCounter.linePos(node.range[0]);
    const end = lineCounter.linePos(node.range[1]);
    return { start: { line: start.line, column: start.col }, end: { line: end.line, column: end.col } };
  };
  const locate = (path: readonly (string | number)[], key = false): TextRange => {
    let node: unknown = doc.contents;
    let found = rangeOf(isNode(node) ? node : undefined) ?? START;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      if (isMap(node)) {
        const pair = node.items.find((item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)) === String(segment));
        if (!pair) break;
        const last = i === path.length - 1;
        if (last && key && isNode(pair.key)) return rangeOf(pair.key) ?? found;
        found = rangeOf(isNode(pair.value) ? pair.value : undefined) ?? (isNode(pair.key) ? rangeOf(pair.key) : undefined) ?? found;
        node = pair.value;
      } else if (isSeq(node) && /^\d+$/.test(String(segment))) {
        const item = node.items[Number(segment)];
        if (!isNode(item)) break;
        found = rangeOf(item) ?? found;
        node = item;
      } else break;
    }
    return found;
  };
  const diagnostics: FlowDiagnostic[] = [...doc.errors, ...doc.warnings].map((problem) => {
    const [from, to] = problem.linePos ?? [];
    const range: TextRange = from ? { start: { line: from.line, column: from.col }, end: to ? { line: to.line, column: to.col } : { line: from.line, column: from.col } } : START;
    const message = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return { severity: doc.errors.includes(problem as never) ? ('error' as const) : ('warning' as const), code: 'arazzo/syntax', message, pointer: '', range };
  });
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics, locate };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { diagnostics: [...diagnostics, { severity: 'error', code: 'arazzo/syntax', message: (error as Error).message, pointer: '', range: START }], locate };
  }
  return { value, diagnostics, locate };
}
