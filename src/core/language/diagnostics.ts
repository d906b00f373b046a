// Full-document diagnostics as a pure function. Each request is checked on its own, so one
// request no checker expected costs that request its spec diagnostics, never the document.

import type { Diagnostic, RequestBlock } from '../http/ast';
import type { LanguageContext, LanguageDocument, SpecContext } from './types';
import type { OperationInfo } from '../openapi/types';
import { linesOf, type TextLines } from './textLines';
import { specFor } from './specFor';
import { checkMandatoryHeaders, checkOperation } from './checkRequest';
import { checkBody } from './checkBody';
import { checkVariables } from './checkVariables';
import { locationCreator, operationAfterLocation } from './locationTarget';
import { checkAssertionReads, checkReferenceReads, type ReadOperation } from './checkResponseUses';

export interface DiagnoseOptions {
  /** Environment name, for messages ("not defined in environment 'sandbox'"). */
  environment?: string;
}

export function diagnose(doc: LanguageDocument, context: LanguageContext, options: DiagnoseOptions = {}): Diagnostic[] {
  const run = new DiagnosticsRun(doc, context, options);
  for (const request of doc.file.requests) run.request(request);
  return run.finish();
}

export interface DiagnoseAsyncOptions extends DiagnoseOptions {
  signal?: AbortSignal;
  /** How long to work before giving the event loop a turn; default 15 ms. */
  sliceMs?: number;
}

/**
 * The same diagnostics, giving the event loop a turn every few milliseconds: the first pass over
 * a big file compiles a validator per request schema, which must not freeze the editor. Rejects
 * with the signal's reason when cancelled (the document changed again).
 */
export async function diagnoseAsync(doc: LanguageDocument, context: LanguageContext, options: DiagnoseAsyncOptions = {}): Promise<Diagnostic[]> {
  const run = new DiagnosticsRun(doc, context, options);
  const slice = options.sliceMs ?? 15;
  let started = Date.now();
  for (const request of doc.file.requests) {
    options.signal?.throwIfAborted();
    run.request(request);
    if (Date.now() - started >= slice) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      started = Date.now();
    }
  }
  options.signal?.throwIfAborted();
  return run.finish();
}

class DiagnosticsRun {
  private readonly lines: TextLines;
  private readonly out: Diagnostic[] = [];
  private readonly reported = new Set<string>();
  /** Named requests and the operation each calls, for the `{{name.response.body.$…}}` reads. */
  private readonly named = new Map<string, ReadOperation>();

  constructor(
    private readonly doc: LanguageDocument,
    private readonly context: LanguageContext,
    private readonly options: DiagnoseOptions,
  ) {
    this.lines = linesOf(doc.text, doc.file);
  }

  request(request: RequestBlock): void {
    if (!request.requestLine) return;
    const spec = specFor(this.context, request);
    try {
      const operation = diagnoseRequest(this.doc, this.lines, request, spec, this.context, this.reported, this.out, this.named);
      if (operation) {
        const read = { operation, registry: spec.registry };
        if (request.name) this.named.set(request.name, read);
        checkAssertionReads(this.lines, request, read, this.out);
      }
    } catch (error) {
      this.out.push({ range: request.requestLine.range, severity: 'warning', code: 'spec/check-failed', message: `could not check this request against the API description: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  finish(): Diagnostic[] {
    try {
      checkReferenceReads(this.lines, this.doc.file, this.named, this.out);
    } catch (error) {
      this.out.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'warning', code: 'spec/check-failed', message: `could not check the response references: ${error instanceof Error ? error.message : String(error)}` });
    }
    try {
      checkVariables(this.doc.file, this.context.variables, this.options.environment ?? this.context.environment?.name, this.out);
    } catch (error) {
      this.out.push({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'warning', code: 'var/check-failed', message: String(error) });
    }
    return this.out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }
}

/** Checks one request; returns the operation it calls, when one matched. */
function diagnoseRequest(
  doc: LanguageDocument,
  lines: TextLines,
  request: RequestBlock,
  spec: SpecContext,
  context: LanguageContext,
  reported: Set<string>,
  out: Diagnostic[],
  named: ReadonlyMap<string, ReadOperation>,
): OperationInfo | undefined {
  checkMandatoryHeaders(lines, doc.file, request, spec.registry, out);
  if (spec.indexError) {
    if (!reported.has(spec.indexError)) {
      reported.add(spec.indexError);
      const directives = [...request.directives, ...doc.file.directives];
      if (spec.descriptionNamedByFile) {
        const named = directives.find((d) => d.name === 'openapi');
        out.push({ range: named?.range ?? request.requestLine!.range, severity: 'error', code: 'spec/unavailable', message: `the API description this file names cannot be loaded: ${spec.indexError}` });
      } else {
        const directive = directives.find((d) => d.name === 'registry' || d.name === 'openapi');
        out.push({ range: directive?.range ?? request.requestLine!.range, severity: 'warning', code: 'spec/unavailable', message: `no API description to check against: ${spec.indexError}` });
      }
    }
    return undefined;
  }
  const target = checkOperation(lines, doc.file, request, spec, context.variables, out);
  let operation = target?.operation;
  // on a created resource's Location: the operation is known from the request that created it
  const creator = target?.opaque ? locationCreator(target.url) : undefined;
  if (!operation && creator && spec.index) operation = operationAfterLocation(spec.index, request.requestLine!.method, target!.url, named.get(creator)?.operation);
  if (spec.index && operation) checkBody(lines, request, spec.index, operation, spec.registry, out);
  return operation;
}
