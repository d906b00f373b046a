// Reads of a response written before a release renamed or removed what they read: a `?? body
// $.vereniging.type.code` assertion, a `{{lees.response.body.$.vereniging.type.naam}}` reference.
// Each JSONPath is walked through the operation's success response schema of the current
// description; a name it lacks that the registry's release notes rename (or remove) is reported
// at that name, a rename with the edit that follows it. Paths the schema cannot follow (free-form
// data, filters, `..`) are left alone: no opinion is better than a wrong one.

import type { Diagnostic, HttpFile, RequestBlock } from '../http/ast';
import type { RegistryEntry } from '../catalog/types';
import type { JsonSchema, OperationInfo } from '../openapi/types';
import { jsonPathTokens } from '../json/pathTokens';
import type { TextLines } from './textLines';
import { child, properties, type PathSegment, type SchemaObject } from './schemaWalk';
import { fieldName, inRelease, pickRename } from './renames';
import { noteOf, removedField } from './releaseKnowledge';
import { withFixes } from './quickFixes';

const RESPONSE_BODY_REF = /^([\w-]+)\.response\.body\.(\$.*)$/s;
const BODY_ASSERTION = /\?\?\s*body\s+(\$[^\s=!<>]*)/;

export interface ReadOperation {
  operation: OperationInfo;
  registry: RegistryEntry | undefined;
}

function successSchemas(op: OperationInfo): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const response of op.responses) {
    if (!/^2/.test(response.status)) continue;
    for (const [media, info] of Object.entries(response.content)) if (/json/i.test(media) && info.schema !== undefined) out.push(info.schema);
  }
  return out;
}

/** Diagnostics for one JSONPath starting at file offset `at`. */
export function checkReadPath(lines: TextLines, path: string, at: number, read: ReadOperation, out: Diagnostic[]): void {
  const renames = read.registry?.releases?.renames ?? [];
  let current: SchemaObject[] = successSchemas(read.operation) as SchemaObject[];
  const walked: PathSegment[] = [];
  for (const token of jsonPathTokens(path)) {
    if (!current.length) return;
    if (token.kind === 'index' || token.kind === 'wildcard') {
      current = child(current, 0);
      walked.push(0);
      continue;
    }
    if (token.kind !== 'property' || token.name === undefined) return;
    const known = properties(current);
    if (!known.length) return;
    const names = new Set(known.map((p) => p.name));
    let name = token.name;
    if (!names.has(name)) {
      const range = lines.range(at + token.start, at + token.end);
      const rename = pickRename(renames, name, names, walked);
      if (rename) {
        const to = fieldName(rename.to);
        out.push(
          withFixes({ range, severity: 'error', code: 'spec/renamed-field', message: `'${rename.from}' was renamed to '${rename.to}' ${inRelease(rename.release)}` }, [
            { title: `Rename to '${to}'`, edits: [{ range, newText: to }], preferred: true },
          ]),
        );
        name = to;
      } else {
        const removed = removedField(read.registry, name, names, walked);
        if (removed) out.push({ range, severity: 'error', code: 'spec/removed-field', message: `'${removed.field}' was removed ${inRelease(removed.release)}${noteOf(removed)}` });
        return;
      }
    }
    current = child(current, name);
    walked.push(name);
  }
}

/** `?? body $…` assertions of one request, read against its own operation. */
export function checkAssertionReads(lines: TextLines, request: RequestBlock, read: ReadOperation, out: Diagnostic[]): void {
  for (const script of request.scripts) {
    if (script.kind !== 'assertion') continue;
    const start = lines.offsetAt(script.range.start);
    const m = BODY_ASSERTION.exec(lines.text.slice(start, lines.offsetAt(script.range.end)));
    if (m) checkReadPath(lines, m[1]!, start + m.index + m[0].length - m[1]!.length, read, out);
  }
}

/** `{{name.response.body.$…}}` references anywhere in the file, read against the named request's operation. */
export function checkReferenceReads(lines: TextLines, file: HttpFile, named: ReadonlyMap<string, ReadOperation>, out: Diagnostic[]): void {
  for (const ref of file.references) {
    if (ref.kind !== 'response') continue;
    const m = RESPONSE_BODY_REF.exec(ref.expression);
    const read = m ? named.get(m[1]!) : undefined;
    if (!m || !read) continue;
    // the expression is the trimmed text between the braces: find where it starts
    const inner = lines.offsetAt(ref.innerRange.start);
    const lead = lines.text.slice(inner, lines.offsetAt(ref.innerRange.end)).indexOf(ref.expression);
    checkReadPath(lines, m[2]!, inner + Math.max(0, lead) + ref.expression.length - m[2]!.length, read, out);
  }
}
