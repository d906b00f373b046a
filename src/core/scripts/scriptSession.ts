// One run's scripts: one sandbox (opened on the first script, opened again after a runaway
// script was stopped), the host operations the prelude calls, and the mapping of what happens
// inside back to lines of the request file.

import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { ScriptBlock } from '../http/ast';
import type { AssertionResult } from '../run/assertions';
import type { VariableValue } from '../variables/types';
import { atob, btoa, digest, hexToBase64, jsonPath } from './hostOperations';
import { classifyError, DEFAULT_LIMITS, ScriptSandbox, type HostOps, type SandboxFault, type SandboxLimits } from './scriptSandbox';
import { isRunnable, MAX_SCRIPT_FILE_BYTES, planScript, planScriptFile, wrapScript, type RunnableScript, type ScriptPlan } from './scriptSource';
import { DEFAULT_VALUE_UNITS, ScriptValueStore, ValueBudget } from './scriptValues';
import type { ScriptOutcome, ScriptRequestView, ScriptResponseView, ScriptRunContext, ScriptSession } from './types';

/** A runaway `client.log` must not fill the report: lines beyond these are dropped, once said. */
const MAX_LOG_LINES = 1000;
const MAX_LOG_CHARS = 256 * 1024;
/** The sandbox's limits and what one request's scripts may record on the host. */
export interface SessionLimits extends SandboxLimits {
  /** Tests per request: `client.test` in an endless loop must not grow the host's result list until the deadline. */
  maxTests: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { ...DEFAULT_LIMITS, maxTests: 10_000 };

interface Call {
  phase: 'pre' | 'post';
  script: RunnableScript;
  /** Zero-based line of the script block in the request file (where a handler file is named). */
  blockLine: number;
  view: ScriptRequestView | ScriptResponseView;
  outcome: ScriptOutcome;
  done: boolean;
  value?: string;
  logChars: number;
}

export function emptyOutcome(): ScriptOutcome {
  return { tests: [], logs: [], requestVariables: new Map(), skipped: [] };
}

export class SandboxScriptSession implements ScriptSession {
  private sandbox: ScriptSandbox | undefined;
  /** What this run's exports and request variables may keep on the host together. */
  private readonly budget = new ValueBudget(DEFAULT_VALUE_UNITS);
  private readonly exported = new ScriptValueStore(this.budget);
  /** `request.variables` per request (by index): a dependency may run between a request's pre-request and response scripts. */
  private readonly requestStores = new Map<number, ScriptValueStore>();
  private call: Call | undefined;
  private closed = false;

  constructor(
    private readonly context: ScriptRunContext,
    private readonly globals: ScriptValueStore,
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
  ) {}

  variables(): ReadonlyMap<string, VariableValue> {
    const origin = this.context.filePath;
    return this.exported.asVariables(origin, this.globals.asVariables(origin));
  }

  async beforeRequest(view: ScriptRequestView): Promise<ScriptOutcome> {
    this.requestStores.get(view.block.index)?.clear();
    const requestVariables = new ScriptValueStore(this.budget);
    this.requestStores.set(view.block.index, requestVariables);
    const outcome = emptyOutcome();
    const scripts = [...(this.context.file.globalScripts ?? []), ...view.block.scripts.filter((s) => s.kind === 'pre-request' && isRunnable(s))];
    for (const script of scripts) {
      await this.runBlock(script, 'pre', view, outcome);
      // A request whose pre-request script failed is not sent: its variables may be missing.
      if (outcome.failure) break;
    }
    requestVariables.asVariables(this.context.filePath, outcome.requestVariables);
    return outcome;
  }

  async afterResponse(view: ScriptResponseView): Promise<ScriptOutcome> {
    const outcome = emptyOutcome();
    for (const script of view.block.scripts) if (script.kind === 'response-handler' && isRunnable(script)) await this.runBlock(script, 'post', view, outcome);
    return outcome;
  }

  async evaluate(expression: string, line: number, view: ScriptResponseView): Promise<{ value: unknown } | { error: string }> {
    const outcome = emptyOutcome();
    const script: RunnableScript = { dialect: 'httpyac', text: expression, start: { line, character: 0 }, file: this.context.filePath };
    const value = await this.execute(script, 'post', view, outcome, line, 'expression');
    if (outcome.failure) return { error: outcome.failure.message };
    return { value: value === undefined ? undefined : (JSON.parse(value) as unknown) };
  }

  close(): void {
    this.closed = true;
    this.sandbox?.dispose();
    this.sandbox = undefined;
  }

  private async runBlock(block: ScriptBlock, phase: 'pre' | 'post', view: ScriptRequestView, outcome: ScriptOutcome): Promise<void> {
    let plan: ScriptPlan | undefined = planScript(block, this.context.filePath);
    if ('read' in plan) plan = await this.readScriptFile(plan.read, plan.dialect, block, outcome);
    if (!plan) return;
    if ('skip' in plan) {
      outcome.skipped.push({ line: block.range.start.line, reason: plan.skip });
      return;
    }
    if ('run' in plan) await this.execute(plan.run, phase, view, outcome, block.range.start.line, 'script');
  }

  private async readScriptFile(path: string, dialect: 'jetbrains' | 'httpyac', block: ScriptBlock, outcome: ScriptOutcome): Promise<ScriptPlan | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await this.context.readFile(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'there is no such file' : error instanceof Error ? error.message : String(error);
      outcome.failure ??= { message: `the handler file '${block.text}' cannot be read: ${why}`, line: block.range.start.line + 1, file: this.context.filePath };
      return undefined;
    }
    if (bytes.byteLength > MAX_SCRIPT_FILE_BYTES) return { skip: `'${block.text}' is larger than ${MAX_SCRIPT_FILE_BYTES / 1024} KB` };
    return planScriptFile(path, Buffer.from(bytes).toString('utf8'), dialect);
  }

  /** Runs one script in the sandbox; answers the value an expression produced, as JSON. */
  private async execute(script: RunnableScript, phase: 'pre' | 'post', view: ScriptRequestView, outcome: ScriptOutcome, blockLine: number, mode: 'script' | 'expression'): Promise<string | undefined> {
    if (this.closed) throw new Error('the script session is closed');
    let sandbox: ScriptSandbox;
    try {
      if (!this.sandbox?.alive) this.sandbox = await ScriptSandbox.open(this.operations(), this.limits);
      sandbox = this.sandbox;
    } catch (error) {
      outcome.failure ??= { message: `the script sandbox could not start: ${error instanceof Error ? error.message : String(error)}`, line: blockLine + 1, file: this.context.filePath };
      return undefined;
    }
    const call: Call = { phase, script, blockLine, view, outcome, done: false, logChars: 0 };
    this.call = call;
    try {
      const fault = sandbox.call(wrapScript(script, mode), JSON.stringify(this.input(call, mode)), () => call.done);
      if (fault) this.fail(call, fault);
    } finally {
      this.call = undefined;
    }
    return call.value;
  }

  private input(call: Call, mode: 'script' | 'expression') {
    const view = call.view;
    const response = 'record' in view ? view : undefined;
    const sent = response?.sent;
    const rawHeaders = [...view.headersRaw];
    const headers: [string, string, string][] = sent
      ? sent.headers.map(([name, value]) => {
          const at = rawHeaders.findIndex(([raw]) => raw.toLowerCase() === name.toLowerCase());
          const raw = at === -1 ? value : rawHeaders.splice(at, 1)[0]![1];
          return [name, raw, value];
        })
      : view.headersRaw.map(([name, value]) => [name, value, value]);
    const r = response?.record.response;
    const contentType = r?.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? r?.body.contentType;
    return {
      dialect: call.script.dialect,
      phase: call.phase,
      expression: mode === 'expression',
      names: call.script.dialect === 'httpyac' ? [...new Set([...view.variableNames(), ...this.scripted().keys()])].filter((n) => /^[A-Za-z_$][\w$]*$/.test(n)) : undefined,
      request: {
        method: sent?.method ?? view.method,
        urlRaw: view.urlRaw,
        url: sent?.url ?? view.urlRaw,
        headers,
        bodyRaw: view.bodyRaw ?? null,
        body: sent ? (typeof sent.body === 'string' ? sent.body : sent.body instanceof Uint8Array ? Buffer.from(sent.body).toString('utf8') : (view.bodyRaw ?? null)) : (view.bodyRaw ?? null),
      },
      response: r && {
        status: r.status,
        statusText: r.statusText,
        httpVersion: r.httpVersion,
        headers: r.headers,
        // The body is fetched on first read (host op 'body'), so a status check copies nothing.
        mimeType: contentType?.split(';')[0]?.trim().toLowerCase() ?? null,
        charset: /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase() ?? (response?.text !== undefined ? 'utf-8' : null),
        contentType: contentType ?? null,
        durationMs: Math.round(response!.record.timings.totalMs),
      },
    };
  }

  /** Where a sandbox line points: the request file's line, or the handler file's. */
  private place(call: Call, sandboxLine: number | undefined): { line: number; file: string } {
    const line = sandboxLine && sandboxLine > 0 ? sandboxLine : call.script.start.line + 1;
    return { line, file: call.script.file };
  }

  /** Zero-based line in the request file for a result (a handler file's results sit on its `>` line). */
  private resultLine(call: Call, sandboxLine: number): number {
    if (call.script.file !== this.context.filePath) return call.blockLine;
    return sandboxLine > 0 ? sandboxLine - 1 : call.script.start.line;
  }

  private fail(call: Call, fault: SandboxFault): void {
    // QuickJS places an interrupt at the function's start, not the running line: no line then.
    // Errors, stack overflows and allocations that fail carry the line that raised them.
    const known = fault.kind === 'syntax' || fault.kind === 'error' || fault.kind === 'stack' || fault.kind === 'memory' ? fault.line : undefined;
    const { line, file } = this.place(call, known);
    const where = `${basename(file)}:${line}`;
    const message =
      fault.kind === 'syntax'
        ? `script syntax error at ${where}: ${fault.message}`
        : fault.kind === 'error'
          ? `script error at ${where}: ${fault.message}`
          : `script at ${where} ${fault.kind === 'unsettled' ? 'did not finish' : 'was stopped'}: ${fault.message}`;
    call.outcome.failure ??= { message, line, file };
  }

  private log(call: Call, text: string): void {
    const logs = call.outcome.logs;
    if (logs.length > MAX_LOG_LINES || call.logChars > MAX_LOG_CHARS) return;
    if (logs.length === MAX_LOG_LINES || call.logChars + text.length > MAX_LOG_CHARS) {
      logs.push('… (more log output dropped)');
      call.logChars = MAX_LOG_CHARS + 1;
      return;
    }
    call.logChars += text.length;
    logs.push(text);
  }

  private addTest(call: Call, test: AssertionResult): void {
    const tests = call.outcome.tests;
    if (tests.length < this.limits.maxTests) tests.push(test);
    else call.outcome.failure ??= { message: `the request's scripts ran more than ${this.limits.maxTests} tests; the rest were not recorded`, line: call.blockLine + 1, file: this.context.filePath };
  }

  private current(): Call {
    if (!this.call) throw new Error('no script is running');
    return this.call;
  }

  private secrets(): Iterable<string> {
    return this.context.secrets();
  }

  private requestVariables(): ScriptValueStore {
    const index = this.current().view.block.index;
    let store = this.requestStores.get(index);
    if (!store) this.requestStores.set(index, (store = new ScriptValueStore(this.budget)));
    return store;
  }

  /** What scripts have set, as the request will read it: globals and exports over request variables. */
  private scripted(): Map<string, VariableValue> {
    const merged = this.requestVariables().asVariables(this.context.filePath);
    for (const [name, value] of this.variables()) merged.set(name, value);
    return merged;
  }

  /** A variable's value for a script: script values first, then what the request resolves. */
  private lookupJson(name: string): string | undefined {
    const stored = this.exported.get(name) ?? this.globals.get(name) ?? this.requestVariables().get(name);
    if (stored) return stored.json;
    const value = this.current().view.lookup(name, this.scripted());
    return value === undefined ? undefined : JSON.stringify(value);
  }

  private operations(): HostOps {
    const store = (values: ScriptValueStore) => ({
      get: (name: string) => values.get(name)?.json,
      set: (name: string, json: string) => void values.set(name, json, this.secrets()),
      clear: (name: string) => void values.delete(name),
      clearAll: () => void values.clear(),
      names: () => JSON.stringify(values.names()),
    });
    const globals = store(this.globals);
    const variables = {
      get: (name: string) => this.requestVariables().get(name)?.json ?? this.lookupJson(name),
      set: (name: string, json: string) => void this.requestVariables().set(name, json, this.secrets()),
      clear: (name: string) => void this.requestVariables().delete(name),
      clearAll: () => void this.requestVariables().clear(),
      names: () => JSON.stringify(this.requestVariables().names()),
    };
    return {
      log: (text) => void this.log(this.current(), text),
      'global.get': globals.get,
      'global.set': globals.set,
      'global.clear': globals.clear,
      'global.clearAll': globals.clearAll,
      'global.names': globals.names,
      'var.get': variables.get,
      'var.set': variables.set,
      'var.clear': variables.clear,
      'var.clearAll': variables.clearAll,
      'var.names': variables.names,
      'var.value': (name) => this.lookupJson(name),
      export: (name, json) => void this.exported.set(name, json, this.secrets()),
      'env.get': (name) => {
        const value = this.context.environment.get(name);
        if (value?.secret && value.value) this.context.usedSecret(value.value);
        return value?.value;
      },
      'file.get': (name) => (this.context.file.variables.some((v) => v.name === name) ? this.current().view.lookup(name, this.scripted()) : undefined),
      substitute: (text) => this.current().view.substitute(text, this.scripted()),
      body: () => {
        const view = this.current().view;
        return 'record' in view ? view.text : undefined;
      },
      digest: (spec) => digest(spec),
      'hex.base64': (hex, mode) => hexToBase64(hex, mode === 'url'),
      atob: (text) => atob(text),
      btoa: (text) => btoa(text),
      jsonpath: (json, expression) => jsonPath(json, expression),
      uuid: () => randomUUID(),
      test: (name, passed, message, line) => {
        const call = this.current();
        const test: AssertionResult = { text: name, line: this.resultLine(call, Number(line)), outcome: passed === '1' ? 'passed' : 'failed', isStatus: false, source: 'script' };
        if (passed !== '1') test.message = message || 'failed';
        this.addTest(call, test);
        return undefined;
      },
      error: (json) => {
        const call = this.current();
        const error = JSON.parse(json) as { name?: unknown; message?: unknown; line?: unknown; assertion?: unknown };
        const line = typeof error.line === 'number' ? error.line : 0;
        if (error.assertion === true) {
          // client.assert outside client.test: a failed check of the request, like a failed `??`.
          this.addTest(call, { text: 'client.assert', line: this.resultLine(call, line), outcome: 'failed', message: typeof error.message === 'string' ? error.message : 'failed', isStatus: false, source: 'script' });
          return undefined;
        }
        const name = typeof error.name === 'string' ? error.name : 'Error';
        this.fail(call, { ...classifyError(name, typeof error.message === 'string' ? error.message : '', this.limits), line: line || undefined });
        return undefined;
      },
      value: (json) => {
        this.current().value = json;
        return undefined;
      },
      done: () => {
        this.current().done = true;
        return undefined;
      },
    };
  }
}

