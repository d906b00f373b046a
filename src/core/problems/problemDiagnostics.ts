// The field messages of an error answer as diagnostics on the request that was sent: each at its
// JSON path in the request's body in the .http file (the body scanner of core/language keeps
// offsets through `{{…}}` references), a missing field at the key of the object that should hold
// it. Messages with no place in the body (a query parameter, the request as a whole) go on the
// request line. The editor shows them until the next send or edit of that file.

import type { Diagnostic, HttpFile, Range, RequestBlock } from '../http/ast';
import { keyNodeAt, nodeAt, nodeRange, parseJsonPath, scanBody, type JsonNode } from '../language/jsonBody';
import { linesOf } from '../language/textLines';
import type { ProblemSummary } from './problemSummary';

export const PROBLEM_DIAGNOSTIC = 'response/problem';

function where(problem: ProblemSummary): string {
  return `${problem.status} ${problem.title}`;
}

/**
 * Diagnostics for `problem` in `block` of the file with `text`. A field whose path the file's body
 * does not have (the body came from a file, or from a variable) lands on the request line.
 */
export function problemDiagnostics(text: string, file: HttpFile, block: RequestBlock, problem: ProblemSummary): Diagnostic[] {
  const lines = linesOf(text, file);
  const body = scanBody(lines, block);
  const requestLine: Range | undefined = block.requestLine?.range;
  const out: Diagnostic[] = [];
  const at = (range: Range | undefined, message: string, data?: unknown) => {
    if (range) out.push({ range, severity: 'error', code: PROBLEM_DIAGNOSTIC, message, ...(data ? { data } : {}) });
  };
  for (const field of problem.fields) {
    const message = `${field.message} (${field.name}; ${where(problem)})`;
    let node: JsonNode | undefined;
    if (body && field.pointer !== undefined) {
      const steps = parseJsonPath(field.pointer === '' ? '' : field.pointer);
      if (field.missing) {
        // The object that should hold the field: its key when it has one, else its opening brace.
        const key = steps.length ? keyNodeAt(body, steps) : undefined;
        const object = nodeAt(body, steps);
        node = key ?? (object ? { ...object, length: 1 } : undefined);
      } else node = nodeAt(body, steps);
    }
    at(node && body ? nodeRange(lines, body, node) : requestLine, message, { path: field.path, pointer: field.pointer });
  }
  if (problem.fields.length === 0 || problem.messages.length) {
    const general = [problem.detail && problem.detail !== problem.title ? `${problem.title}: ${problem.detail}` : problem.title, ...problem.messages.map((m) => m.message)];
    at(requestLine, `${general.join(' — ')} (${problem.status})`);
  }
  return out;
}
