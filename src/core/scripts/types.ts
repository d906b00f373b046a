// The port between the runner and the script runtime. The runner (runHttpFile) asks a
// `ScriptSession` to run a request's pre-request scripts before it resolves variables, and its
// response scripts after the `??` assertions; it reads back the variables scripts set, the tests
// they ran and their log. Who may run scripts at all (workspace trust, --allow-scripts) is the
// adapter's decision: it supplies a `ScriptRunner` or leaves it out.

import type { HttpFile, RequestBlock } from '../http/ast';
import type { AssertionResult } from '../run/assertions';
import type { PreparedRequest, ResponseRecord } from '../send/types';
import type { VariableValue } from '../variables/types';

export interface ScriptRunner {
  /** Opens the sandbox for one run of one file; close the session when the run ends. */
  open(context: ScriptRunContext): ScriptSession;
}

export interface ScriptRunContext {
  file: HttpFile;
  /** The request file; handler files (`> ./handler.js`) are read relative to its folder. */
  filePath: string;
  /** The selected environment, for `request.environment.get`. */
  environment: ReadonlyMap<string, VariableValue>;
  readFile(path: string): Promise<Uint8Array>;
  /** Secret values of the run so far: a value a script stores that contains one stays secret. */
  secrets(): Iterable<string>;
  /** A secret a script read (a private environment value): redacted from its log and the reports. */
  usedSecret(value: string): void;
}

/** What scripts see of the request; raw values keep their `{{…}}`. */
export interface ScriptRequestView {
  block: RequestBlock;
  method: string;
  urlRaw: string;
  headersRaw: [string, string][];
  bodyRaw?: string;
  /**
   * Replaces every `{{…}}` that resolves now and leaves the rest (JetBrains' tryGetSubstituted).
   * `scripted` holds what scripts have set so far, as the scope's script layer.
   */
  substitute(text: string, scripted: ReadonlyMap<string, VariableValue>): string;
  /** A variable's value by name as the request would resolve it, or undefined. */
  lookup(name: string, scripted: ReadonlyMap<string, VariableValue>): string | undefined;
  /** Names of the variables visible to the request (httpYac scripts read them as plain names). */
  variableNames(): string[];
}

export interface ScriptResponseView extends ScriptRequestView {
  /** The request as sent. */
  sent: PreparedRequest;
  record: ResponseRecord;
  /** The whole response body as text (undefined for binary bodies). */
  text?: string;
}

/** One script's or one request's scripts' result. */
export interface ScriptOutcome {
  /** `client.test` / httpYac `test` results, and a failed `client.assert` outside a test. */
  tests: AssertionResult[];
  /** `client.log` / `console.*` lines, as written (the reporters redact them). */
  logs: string[];
  /** `request.variables.set` of the pre-request scripts: for this request only. */
  requestVariables: Map<string, VariableValue>;
  /** The first script that failed: syntax or runtime error, time or memory limit. */
  failure?: { message: string; line: number; file: string };
  /** Scripts that were not run, each with the reason (Node modules, Lua, unsupported event). */
  skipped: { line: number; reason: string }[];
}

export interface ScriptSession {
  /**
   * Values scripts have set that requests read as `{{name}}` (JetBrains `client.global`,
   * httpYac `exports` and `$global`). A layer of the variable scope, below the environment.
   */
  variables(): ReadonlyMap<string, VariableValue>;
  /** Runs the file's global scripts and the request's pre-request scripts. */
  beforeRequest(view: ScriptRequestView): Promise<ScriptOutcome>;
  /** Runs the request's response scripts and their tests. */
  afterResponse(view: ScriptResponseView): Promise<ScriptOutcome>;
  /** httpYac `?? js EXPRESSION …`: the expression's value against the response. */
  evaluate(expression: string, line: number, view: ScriptResponseView): Promise<{ value: unknown } | { error: string }>;
  close(): void;
}
