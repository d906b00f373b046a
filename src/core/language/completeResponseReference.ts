// `{{zoek.response.body.$.resultaten[0].` completes from the response schema of the operation
// the request named `zoek` calls, and `{{lees.response.headers.` from its documented response
// headers: chaining requests is written against the description, not from memory.

import type { HttpFile, Position, Range } from '../http/ast';
import type { OperationInfo } from '../openapi/types';
import type { CompletionItem, LanguageContext } from './types';
import type { TextLines } from './textLines';
import { requestTarget } from './requestTarget';
import { specFor } from './specFor';
import { properties, schemaAt, typeLabel, type PathSegment } from './schemaWalk';
import { escapeSnippet } from './snippets';

const BODY = /^([\w-]+)\.response\.body\.\$((?:\.[\w@$-]+|\[\d+\])*)\.([\w@$-]*)$/;
const HEADERS = /^([\w-]+)\.response\.headers\.([\w-]*)$/;

export function completeResponseReference(lines: TextLines, file: HttpFile, prefix: string, cursor: Position, range: Range, closed: boolean, context: LanguageContext): CompletionItem[] | undefined {
  const body = BODY.exec(prefix);
  const headers = body ? null : HEADERS.exec(prefix);
  const match = body ?? headers;
  if (!match) return undefined;
  const named = file.requests.find((r) => r.name === match[1]);
  if (!named) return [];
  const op = requestTarget(lines, named, specFor(context, named), context.variables)?.operation;
  if (!op) return [];
  const typed = (body ? body[3] : headers![2]).length;
  const itemRange: Range = { start: { line: cursor.line, character: cursor.character - typed }, end: range.end };
  const close = closed ? '' : '}}';
  if (headers) {
    const names = new Set(successes(op).flatMap((r) => Object.keys(r.headers)));
    return [...names].map((name) => ({ label: name, kind: 'header' as const, detail: `response header of ${op.id}`, insertText: escapeSnippet(name) + close, range: itemRange }));
  }
  const path: PathSegment[] = [...body![2].matchAll(/\.([\w@$-]+)|\[(\d+)\]/g)].map((m) => (m[1] !== undefined ? m[1] : Number(m[2])));
  const out: CompletionItem[] = [];
  for (const response of successes(op)) {
    const media = Object.entries(response.content).find(([type]) => /json/i.test(type))?.[1];
    for (const p of properties(schemaAt(media?.schema, path))) {
      if (out.some((i) => i.label === p.name)) continue;
      out.push({ label: p.name, kind: 'property', detail: `${typeLabel(p.schemas)} — ${op.id} ${response.status}`, ...(p.description ? { documentation: p.description } : {}), insertText: escapeSnippet(p.name), range: itemRange });
    }
  }
  return out;
}

function successes(op: OperationInfo): OperationInfo['responses'] {
  return op.responses.filter((r) => /^2/.test(r.status));
}
