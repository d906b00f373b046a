// A problem in an Arazzo file, placed where the editor can underline it and a terminal can print
// `file:line:column`. Lines and columns are one-based.

export interface TextPosition {
  line: number;
  column: number;
}

export interface TextRange {
  start: TextPosition;
  end: TextPosition;
}

export interface FlowDiagnostic {
  severity: 'error' | 'warning';
  /** `arazzo/syntax`, `arazzo/schema`, `arazzo/expression`, `arazzo/unknown-step`, `arazzo/operation`… */
  code: string;
  message: string;
  /** JSON pointer of the node the problem is about ('' for the document). */
  pointer: string;
  range: TextRange;
  /** The file, when the problem is in another document than the one checked (an Arazzo source). */
  file?: string;
}

export function pointerOf(path: readonly (string | number)[]): string {
  return path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** `file:3:7: error arazzo/schema: …`, the form compilers and problem matchers read. */
export function formatDiagnostic(diagnostic: FlowDiagnostic, file: string): string {
  return `${diagnostic.file ?? file}:${diagnostic.range.start.line}:${diagnostic.range.start.column}: ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`;
}
