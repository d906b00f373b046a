// Full-document diagnostics as a pure function. Each request is checked on its own, so one
// request no checker expected costs that request its spec diagnostics, never the document.

import type { Diagnostic, RequestBlock } from '../http/ast';
import type { LanguageContext, LanguageDocument, SpecContext } from './types';
import { linesOf, type TextLines } from './textLines';
import { specFor } from './specFor';
import { checkMandatoryHeaders, checkOperation } from './checkRequest';
import { checkBody } from './checkBody';
import { checkVariables } from './checkVariables';

export interface DiagnoseOptions {
  /** Environment name, for messages ("not defined in environment 'sandbox'"). */
  environment?: string;
}

export function diagnose(doc: LanguageDocument, context: LanguageContext, options: DiagnoseOptions = {}): Diagnostic[] {
  const lines = linesOf(doc.text, doc.file);
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const request of doc.file.requests) {
    if (!request.requestLine) continue;
    const spec = specFor(context, request);
    try {
      diagnoseRequest(doc, lines, request, spec, context, reported, out);
    } catch (error) {
      out.push({ range: request.requestLine.range, severity: 'warning', code: 'spec/check-failed', message: `could not check this request against the API description: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  try {
    checkVariables(doc.file, context.variables, options.environment ?? context.environment?.name, out);
  } catch (error) {
    out.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'warning', code: 'var/check-failed', message: String(error) });
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function diagnoseRequest(doc: LanguageDocument, lines: TextLines, request: RequestBlock, spec: SpecContext, context: LanguageContext, reported: Set<string>, out: Diagnostic[]): void {
  checkMandatoryHeaders(lines, doc.file, request, spec.registry, out);
  if (spec.indexError) {
    if (!reported.has(spec.indexError)) {
      reported.add(spec.indexError);
      const directive = [...request.directives, ...doc.file.directives].find((d) => d.name === 'registry' || d.name === 'openapi');
      out.push({ range: directive?.range ?? request.requestLine!.range, severity: 'warning', code: 'spec/unavailable', message: `no API description to check against: ${spec.indexError}` });
    }
    return;
  }
  const target = checkOperation(lines, doc.file, request, spec, context.variables, out);
  if (spec.index && target?.operation) checkBody(lines, request, spec.index, target.operation, spec.registry, out);
}
