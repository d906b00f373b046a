// The JSON body of one request, scanned tolerantly: half-typed bodies still give a tree with
// offsets (for completion and for mapping schema errors back to ranges). `{{…}}` references
// outside strings are not JSON; they are masked with a same-length number so offsets hold,
// and remembered so no schema error is reported against a value that is not known yet.

import { parseTree, findNodeAtLocation, getNodeValue, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { Range, RequestBlock } from '../http/ast';
import type { TextLines } from './textLines';
import type { PathSegment } from './schemaWalk';

export type { JsonNode };

export interface ScannedBody {
  /** The body text with references masked; offsets equal the document's from `start`. */
  text: string;
  /** Document offset of the body's first character. */
  start: number;
  root?: JsonNode;
  errors: ParseError[];
  /** Body-relative spans of `{{…}}` references (inside strings or not). */
  references: [number, number][];
}

export function contentType(request: RequestBlock): string | undefined {
  return request.headers.find((h) => h.name.toLowerCase() === 'content-type')?.value.trim().toLowerCase();
}

/** True when the body is meant as JSON: a JSON content type, or none and it opens like JSON. */
export function isJsonBody(request: RequestBlock, text: string): boolean {
  const type = contentType(request);
  if (type) return /[/+]json\b/.test(type);
  return /^\s*[[{]/.test(text);
}

export function bodyOffsets(lines: TextLines, request: RequestBlock): [number, number] | undefined {
  if (!request.body) return undefined;
  if (request.body.segments.some((s) => s.type === 'file')) return undefined;
  return [lines.offsetAt(request.body.range.start), lines.offsetAt(request.body.range.end)];
}

export function scanJson(source: string, start: number): ScannedBody {
  const references: [number, number][] = [];
  let masked = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      else if (c === '{' && source[i + 1] === '{') {
        const close = source.indexOf('}}', i + 2);
        if (close >= 0) {
          references.push([i, close + 2]);
          i = close + 1;
        }
      }
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' && source[i + 1] === '{') {
      const close = source.indexOf('}}', i + 2);
      if (close < 0 || source.slice(i + 2, close).includes('\n')) continue;
      references.push([i, close + 2]);
      masked += source.slice(last, i) + '0'.padEnd(close + 2 - i, ' ');
      last = close + 2;
      i = close + 1;
    }
  }
  masked += source.slice(last);
  const errors: ParseError[] = [];
  const root = parseTree(masked, errors, { allowTrailingComma: false, disallowComments: true }) ?? undefined;
  return { text: masked, start, root, errors, references };
}

export function scanBody(lines: TextLines, request: RequestBlock): ScannedBody | undefined {
  const offsets = bodyOffsets(lines, request);
  if (!offsets) return undefined;
  const source = lines.text.slice(offsets[0], offsets[1]);
  if (!isJsonBody(request, source)) return undefined;
  return scanJson(source, offsets[0]);
}

export function bodyValue(body: ScannedBody): unknown {
  return body.root ? getNodeValue(body.root) : undefined;
}

/** `$.a[0].b`, `$['a b']`, `/a/0/b` or `` (the root) → segments. */
export function parseJsonPath(path: string): PathSegment[] {
  if (path === '' || path === '$' || path === '/') return [];
  if (path.startsWith('/')) {
    return path
      .slice(1)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  }
  const out: PathSegment[] = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\[(['"])((?:\\.|(?!\3).)*)\3\]/g;
  const text = path.startsWith('$') ? path.slice(1) : path.startsWith('.') ? path : `.${path}`;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text))) {
    if (match[1] !== undefined) out.push(match[1]);
    else if (match[2] !== undefined) out.push(Number(match[2]));
    else out.push(match[4].replace(/\\(.)/g, '$1'));
  }
  return out;
}

export function nodeAt(body: ScannedBody, path: readonly PathSegment[]): JsonNode | undefined {
  if (!body.root) return undefined;
  return path.length === 0 ? body.root : findNodeAtLocation(body.root, [...path]);
}

/** The key node of the property holding the value at `path` (for pointing at `"adres"`). */
export function keyNodeAt(body: ScannedBody, path: readonly PathSegment[]): JsonNode | undefined {
  const value = nodeAt(body, path);
  const parent = value?.parent;
  return parent?.type === 'property' ? parent.children?.[0] : undefined;
}

export function nodeRange(lines: TextLines, body: ScannedBody, node: JsonNode): Range {
  return lines.range(body.start + node.offset, body.start + node.offset + node.length);
}

export function overlapsReference(body: ScannedBody, node: JsonNode): boolean {
  return body.references.some(([s, e]) => s < node.offset + node.length && e > node.offset);
}
