// Request-line and header checks against the registry and the operation: mandatory headers,
// unknown path or method, deprecated operations, missing required parameters, query values
// outside their enum, and query parameters renamed in a release.

import type { Diagnostic, HttpFile, Position, RequestBlock } from '../http/ast';
import type { RegistryEntry } from '../catalog/types';
import type { OperationInfo } from '../openapi/types';
import type { SpecContext, VisibleVariable } from './types';
import type { TextLines } from './textLines';
import { requestTarget, type RequestTarget } from './requestTarget';
import { mandatoryHeadersFor } from './completeHeaders';
import { enumValues, child } from './schemaWalk';
import { insertAt, withFixes } from './quickFixes';
import { fieldName, inRelease } from './renames';
import { documentedOperation, noteOf } from './releaseKnowledge';
import { nearestPath } from './nearestPath';
import { closest } from './closest';

export function checkMandatoryHeaders(lines: TextLines, file: HttpFile, request: RequestBlock, registry: RegistryEntry | undefined, out: Diagnostic[]): void {
  const line = request.requestLine!;
  const present = new Set(request.headers.map((h) => h.name.toLowerCase()));
  for (const h of mandatoryHeadersFor(registry, line.method)) {
    if (present.has(h.name.toLowerCase())) continue;
    present.add(h.name.toLowerCase());
    out.push(
      withFixes(
        { range: line.range, severity: 'error', code: 'spec/missing-header', message: `${registry!.name} requires the header ${h.name}${h.description ? ` (${h.description})` : ''}` },
        [{ title: `Add ${h.name}: ${h.value}`, edits: [headerInsertion(lines, file, request, `${h.name}: ${h.value}`)], preferred: true }],
      ),
    );
  }
}

/** Where a new header line goes: after the last header, else after the request line. */
export function headerInsertion(lines: TextLines, file: HttpFile, request: RequestBlock, header: string) {
  const after = request.headers.length ? request.headers[request.headers.length - 1].range.end.line : request.requestLine!.range.end.line;
  if (after + 1 < lines.lineCount) return insertAt({ line: after + 1, character: 0 }, header + file.eol);
  const end: Position = { line: after, character: lines.line(after).length };
  return insertAt(end, file.eol + header);
}

export function checkOperation(
  lines: TextLines,
  file: HttpFile,
  request: RequestBlock,
  spec: SpecContext,
  variables: readonly VisibleVariable[] | undefined,
  out: Diagnostic[],
): RequestTarget | undefined {
  const index = spec.index;
  const line = request.requestLine!;
  if (!index) return undefined;
  const target = requestTarget(lines, request, spec, variables);
  if (!target || target.opaque || !target.path) return target;
  const pathRange = lines.range(target.path.start, Math.max(target.path.end, target.path.start + 1));
  const path = target.path.text || '/';
  const op = target.operation;
  const documented = op ? undefined : documentedOperation(spec.registry, line.method, path);
  if (documented?.kind === 'moved') {
    const { move } = documented;
    const edits = [{ range: pathRange, newText: documented.path }];
    if (documented.method !== line.method.toUpperCase() && line.methodRange) edits.push({ range: line.methodRange, newText: documented.method });
    out.push(
      withFixes(
        { range: pathRange, severity: 'error', code: 'spec/moved-operation', message: `${move.from} moved to ${move.to} ${inRelease(move.release)}` },
        [{ title: `Change to ${documented.method === line.method.toUpperCase() ? '' : `${documented.method} `}${documented.path}`, edits, preferred: true }],
      ),
    );
    return target;
  }
  if (documented?.kind === 'removed') {
    const { removal } = documented;
    out.push({ range: pathRange, severity: 'error', code: 'spec/removed-operation', message: `${removal.operation} was removed ${inRelease(removal.release)}${noteOf(removal)}` });
    return target;
  }
  if (!op && target.atPath.length === 0) {
    const near = nearestPath(path, index, line.method, [spec.baseUrl ?? spec.environment?.baseUrl, ...index.servers]);
    out.push(
      withFixes(
        { range: pathRange, severity: 'error', code: 'spec/unknown-path', message: `no operation matches ${path} in ${index.title} ${index.version}${near ? ` (did you mean ${near}?)` : ''}` },
        near ? [{ title: `Change to ${near}`, edits: [{ range: pathRange, newText: near }], preferred: true }] : [],
      ),
    );
    return target;
  }
  if (!op) {
    const allowed = [...new Set(target.atPath.map((o) => o.method))];
    const methodRange = line.methodRange;
    out.push(
      withFixes(
        { range: methodRange ?? pathRange, severity: 'error', code: 'spec/unknown-method', message: `${line.method} is not an operation of ${path} (allowed: ${allowed.join(', ')})` },
        methodRange ? allowed.map((m) => ({ title: `Change to ${m}`, edits: [{ range: methodRange, newText: m }] })) : [],
      ),
    );
    return target;
  }
  if (op.deprecated) {
    out.push({ range: pathRange, severity: 'warning', code: 'spec/deprecated', message: `${op.id} is deprecated${op.description ? `: ${firstSentence(op.description)}` : ''}` });
  }
  checkQuery(lines, target, op, spec.registry, out);
  checkHeaderParams(lines, file, request, op, spec.registry, out);
  return target;
}

function checkQuery(lines: TextLines, target: RequestTarget, op: OperationInfo, registry: RegistryEntry | undefined, out: Diagnostic[]): void {
  const present = new Map(target.query.map((q) => [q.name.text, q]));
  const urlEnd = lines.positionAt(target.offsets[target.url.length - 1] + 1);
  const urlRange = lines.range(target.offsets[0], target.offsets[target.url.length - 1] + 1);
  const renames = registry?.releases?.renames ?? [];
  for (const q of target.query) {
    const known = (name: string) => op.parameters.some((p) => p.in === 'query' && p.name === name);
    const rename = renames.find((r) => fieldName(r.from) === q.name.text && known(fieldName(r.to)) && !known(q.name.text));
    if (rename) {
      const to = fieldName(rename.to);
      out.push(
        withFixes(
          { range: lines.range(q.name.start, q.name.end), severity: 'error', code: 'spec/renamed-field', message: `'${rename.from}' was renamed to '${rename.to}' ${inRelease(rename.release)}` },
          [{ title: `Rename to '${to}'`, edits: [{ range: lines.range(q.name.start, q.name.end), newText: to }], preferred: true }],
        ),
      );
      present.set(to, q);
    }
  }
  const missing = op.parameters.filter((p) => p.in === 'query' && p.required && !present.has(p.name));
  for (const p of missing) {
    const separator = target.url.includes('?') ? '&' : '?';
    out.push(
      withFixes(
        { range: urlRange, severity: 'error', code: 'spec/missing-parameter', message: `${op.id} requires the query parameter '${p.name}'${p.description ? ` (${firstSentence(p.description)})` : ''}` },
        [{ title: `Add ${p.name}=`, edits: [insertAt(urlEnd, `${separator}${p.name}=`)] }],
      ),
    );
  }
  const declared = op.parameters.filter((p) => p.in === 'query');
  const auth = registry?.auth;
  for (const q of target.query) {
    // Only when the operation declares query parameters at all: some descriptions leave them out.
    if (!declared.length || q.name.text.includes('{{') || declared.some((p) => p.name === q.name.text) || present.get(q.name.text) !== q) continue;
    if (auth?.type === 'apiKey' && auth.in !== 'header' && auth.name === q.name.text) continue;
    if (renames.some((r) => fieldName(r.from) === q.name.text)) continue;
    const near = declared.find((p) => p.name.toLowerCase() === q.name.text.toLowerCase());
    out.push({
      range: lines.range(q.name.start, q.name.end),
      severity: 'warning',
      code: 'spec/unknown-parameter',
      message: `${op.id} has no query parameter '${q.name.text}'${near ? ` (did you mean '${near.name}'?)` : ''}`,
    });
  }
  for (const q of target.query) {
    const p = op.parameters.find((x) => x.in === 'query' && x.name === q.name.text);
    if (p?.deprecated) out.push({ range: lines.range(q.name.start, q.name.end), severity: 'warning', code: 'spec/deprecated', message: `query parameter '${p.name}' is deprecated${p.description ? `: ${firstSentence(p.description)}` : ''}` });
    if (!p || !q.value || q.value.text.includes('{{')) continue;
    const allowed = enumValues([p.schema]).length ? enumValues([p.schema]) : enumValues(child([p.schema], 0));
    if (allowed.length === 0 || allowed.some((v) => typeof v === 'boolean')) continue;
    const values = enumValues([p.schema]).length ? [decode(q.value.text)] : decode(q.value.text).split(',');
    const wrong = values.filter((v) => !allowed.some((a) => String(a) === v));
    if (wrong.length) {
      const range = lines.range(q.value.start, q.value.end);
      const near = values.length === 1 ? closest(values[0], allowed.map(String)) : undefined;
      out.push(
        withFixes(
          { range, severity: 'error', code: 'spec/invalid-parameter', message: `${p.name} must be one of ${allowed.map((a) => String(a)).join(', ')} (got ${wrong.join(', ')})` },
          near ? [{ title: `Change to ${near}`, edits: [{ range, newText: encodeURIComponent(near) }], preferred: true }] : [],
        ),
      );
    }
  }
}

function checkHeaderParams(lines: TextLines, file: HttpFile, request: RequestBlock, op: OperationInfo, registry: RegistryEntry | undefined, out: Diagnostic[]): void {
  const present = new Set(request.headers.map((h) => h.name.toLowerCase()));
  // The auth policy adds the registry's credentials on the send path; asking for them here would
  // push users to write secrets into the file.
  const auth = registry?.auth;
  const supplied = new Set<string>(['authorization']);
  if (auth?.type === 'apiKey') supplied.add(auth.name.toLowerCase());
  for (const h of mandatoryHeadersFor(registry, request.requestLine?.method)) supplied.add(h.name.toLowerCase());
  for (const p of op.parameters) {
    if (p.in !== 'header' || !p.required || present.has(p.name.toLowerCase()) || supplied.has(p.name.toLowerCase())) continue;
    const values = enumValues([p.schema]);
    const value = values.length ? String(values[0]) : p.example !== undefined ? String(p.example) : '';
    out.push(
      withFixes(
        { range: request.requestLine!.range, severity: 'error', code: 'spec/missing-header', message: `${op.id} requires the header ${p.name}${p.description ? ` (${firstSentence(p.description)})` : ''}` },
        [{ title: `Add ${p.name}`, edits: [headerInsertion(lines, file, request, `${p.name}: ${value}`)] }],
      ),
    );
  }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

export function firstSentence(text: string): string {
  const line = text.trim().split(/\n/)[0];
  const end = line.search(/[.!?](\s|$)/);
  const sentence = end >= 0 ? line.slice(0, end + 1) : line;
  return sentence.length > 140 ? `${sentence.slice(0, 137)}…` : sentence;
}
