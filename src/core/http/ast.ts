// The syntax tree of a request file (`.http` / `.rest`). One tree serves every editor feature
// and the runner, so every node keeps its range. Positions are zero-based, as in VS Code and
// LSP, so the extension converts them without arithmetic. The tree is read-only: ranges made
// on one line share their Position objects (a header's range and name range start at the same
// one), so a position changed in place would move others with it.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Diagnostic {
  range: Range;
  severity: Severity;
  /** Stable machine code, e.g. `parse/unterminated-script`, `var/unresolved`, `spec/unknown-path`. */
  code: string;
  message: string;
  /** Extra data a quick fix needs (what to insert, where). */
  data?: unknown;
}

/** `# @name login`, `// @no-redirect`, `# @registry vr-beheer`, `# @timeout 5000`, … */
export interface Directive {
  name: string;
  /** Text after the name, trimmed; empty when the directive has no value. */
  value: string;
  range: Range;
  nameRange: Range;
  valueRange?: Range;
}

/** `@host = example.org` — at file level (before the first request) or inside one request block. */
export interface VariableDefinition {
  name: string;
  /** The raw value; may itself hold `{{…}}` references, resolved at run time. */
  value: string;
  scope: 'file' | 'request';
  range: Range;
  nameRange: Range;
  valueRange: Range;
}

/**
 * A `{{…}}` reference anywhere in the file.
 * - `dynamic`: `{{$guid}}`, `{{$randomInt 1 10}}`, `{{$processEnv X}}` …
 * - `response`: `{{login.response.body.$.token}}`, `{{login.response.headers.ETag}}`
 * - `variable`: everything else (file, request, environment, `.env`, secret)
 */
export interface VariableReference {
  /** The text between the braces, trimmed. */
  expression: string;
  kind: 'dynamic' | 'response' | 'variable';
  /** For `variable`: the name; for `dynamic`: `$guid`…; for `response`: the request name. */
  name: string;
  range: Range;
  innerRange: Range;
}

export interface RequestLine {
  /** Upper-case method; `GET` when the line has none. */
  method: string;
  /** True when the method was left out (`https://example.org` alone is a GET). */
  methodImplicit: boolean;
  methodRange?: Range;
  /**
   * The URL with its continuation lines (`  ?a=1`, `  &b=2`, `    /api`, `    size=10`) joined,
   * still unresolved: each piece in turn, with the `?`/`&` of `pieceSeparator` (urlPieces.ts)
   * before a bare parameter line.
   */
  url: string;
  /** One range per source piece of the URL: the request line's URL, then each continuation line. */
  urlRanges: Range[];
  httpVersion?: string;
  range: Range;
}

export interface Header {
  name: string;
  value: string;
  range: Range;
  nameRange: Range;
  valueRange: Range;
}

/** A body is text pieces and file includes in order (`< ./a.json`, `<@ ./b.json`, `<@latin1 ./c`). */
export type BodySegment =
  | { type: 'text'; text: string; range: Range }
  | {
      type: 'file';
      path: string;
      /** `<@`: variables inside the file are replaced before sending. */
      processVariables: boolean;
      encoding?: string;
      range: Range;
      pathRange: Range;
    };

export interface Body {
  segments: BodySegment[];
  /** Whole body text as written (file includes as their `< path` lines). */
  text: string;
  range: Range;
}

/**
 * Script and assertion blocks of other tools (`> {% … %}`, `< {% … %}`, `> ./handler.js`,
 * `?? status == 200`, httpYac `{{ … }}`), and JetBrains' `<> 2024-…200.json` lines that point at
 * a saved response (`response-history`). Kept as ranges so nothing is lost and no error is
 * raised; they are not run. `text` is the code without its markers.
 */
export interface ScriptBlock {
  kind: 'pre-request' | 'response-handler' | 'assertion' | 'response-history';
  /**
   * How it is written: `jetbrains` `{% … %}`, `httpyac` `{{ … }}`, `file` a script file
   * (`> ./handler.js`, `< ./pre.js`), `save-response` `>> ./out.json`, `assertion` `?? …`,
   * `response-history` `<> …` or a saved `HTTP/1.1 200` response. Decides how (and whether) it runs.
   */
  form?: 'jetbrains' | 'httpyac' | 'file' | 'save-response' | 'assertion' | 'response-history';
  text: string;
  /** Where `text` starts in the file, so a script's error can point at its line. */
  textStart?: Position;
  /** httpYac's event marker after `{{`: `@response`, `+after`, `@streaming`, `+` … */
  event?: string;
  range: Range;
}

export interface RequestBlock {
  /** Zero-based position among the file's requests. */
  index: number;
  /** From the separator (or file start) to the last line before the next separator. */
  range: Range;
  /** `### Title` text, when the separator line carries one. */
  title?: string;
  separatorRange?: Range;
  /** From `@name`, else undefined (a title is not a name). */
  name?: string;
  directives: Directive[];
  variables: VariableDefinition[];
  comments: Range[];
  /** Undefined for a block that holds only comments/variables (not a request). */
  requestLine?: RequestLine;
  headers: Header[];
  /**
   * httpYac header spreads (`...defaultHeaders`): the named variable, an object, gives a header
   * per entry, placed after the first `after` headers of `headers`.
   */
  headerSpreads?: HeaderSpread[];
  body?: Body;
  scripts: ScriptBlock[];
}

export interface HeaderSpread {
  name: string;
  after: number;
  range: Range;
  nameRange: Range;
}

export interface HttpFile {
  /**
   * `@registry`, `@env` and `@openapi` directives found before the first request line: they
   * apply to every request. (The first block's directives also stay in its own `directives`;
   * a later block's `@registry` overrides the file's for that request only.)
   */
  directives: Directive[];
  /** File-level `@name = value` definitions (REST Client scope: the whole file). */
  variables: VariableDefinition[];
  /** Only the blocks that hold a request line. */
  requests: RequestBlock[];
  /**
   * Scripts standing in a block without a request line (httpYac runs those before every
   * request of the file). Absent when there are none.
   */
  globalScripts?: ScriptBlock[];
  references: VariableReference[];
  diagnostics: Diagnostic[];
  lineCount: number;
  eol: '\n' | '\r\n';
  bom: boolean;
}
