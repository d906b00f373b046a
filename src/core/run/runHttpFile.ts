// Runs the requests of one parsed file: one, some by name, or all in file order. A request that
// refers to a named request that has not run yet runs it first (REST Client's chaining). Each
// request runs at most once per run, so a dependency is not sent twice. With `parallel` above 1,
// up to that many requests are under way at once; a request waits only for the requests it uses,
// and events and results still come in the order a sequential run gives them.

import { setMaxListeners } from 'node:events';
import type { HttpFile, Range, RequestBlock, ScriptBlock } from '../http/ast';
import type { PreparedRequest, ResponseRecord } from '../send/types';
import type { ValidationResult } from '../openapi/types';
import type { NamedExchange } from '../variables/types';
import type { VariableScopeInput } from '../variables/variableScope';
import { prepareRequest, type PrepareFailure } from './prepareRequest';
import { Redactor, type RedactionRules } from '../history/redactor';
import { evaluateAssertion, type AssertionResult } from './assertions';
import type { RequestResult, RunEvent, RunResult } from './runTypes';
import { schemaViolationReason, validationOutcome } from './schemaViolation';
import type { ScriptOutcome, ScriptRunner, ScriptSession } from '../scripts/types';
import { isRunnable } from '../scripts/scriptSource';
import { requestView } from './scriptViews';
import { evaluateJsAssertion, isJsAssertion } from './jsAssertions';
import type { VariableValue } from '../variables/types';
import { dependencyOwners, isReference } from './dependencies';
import { PrepareAhead } from './prepareAhead';
import { ReportQueue } from './reportQueue';

export interface RunHost {
  send(request: PreparedRequest, signal: AbortSignal): Promise<ResponseRecord>;
  readFile(path: string): Promise<Uint8Array>;
  /** When given, a body that is one plain file include streams from disk instead of memory. */
  fileExists?(path: string): Promise<boolean>;
  /**
   * Checks a response against the documented response of the operation the request matched
   * (`SendSession.validate`). Undefined = not validated. The result is put on the record
   * before assertions, history and reporters see it, so every consumer reads the same verdict.
   */
  validate?(record: ResponseRecord, request: PreparedRequest, signal: AbortSignal): Promise<ValidationResult | undefined>;
  /**
   * Asked before a request runs only because a later one needs it (it was not selected): a
   * reason keeps it from being sent (code `unsafe-dependency`), and the request that needed it
   * fails with it. The send session refuses writes here unless the user consents.
   */
  beforeDependency?(block: RequestBlock, signal: AbortSignal): Promise<string | undefined>;
  /** Every finished exchange with its assertions (the caller redacts and stores it). */
  recorded?(record: ResponseRecord, result: RequestResult, secrets: string[]): void;
}

export interface RunOptions {
  file: HttpFile;
  filePath: string;
  /** Undefined = all requests in file order. */
  select?: { names?: string[]; indexes?: number[] };
  /** Environment, secrets, `.env`, process env and clock for the variable scope. */
  scope: Omit<VariableScopeInput, 'requestVariables' | 'fileVariables' | 'exchanges' | 'requestNames' | 'file'>;
  environment?: string;
  /** Secret values known up front (private env values, CLI secrets), redacted even when unused. */
  knownSecrets?: string[];
  signal?: AbortSignal;
  onEvent?(event: RunEvent): void;
  /**
   * Named exchanges kept between runs (the editor's session): a request whose dependency ran
   * earlier uses that response instead of sending it again. Filled by this run.
   */
  exchanges?: Map<string, NamedExchange>;
  /**
   * What a response that violates its schema does to its request: `warn` (default) reports it
   * and leaves the outcome alone, `error` fails the request. Without `RunHost.validate` nothing is checked.
   */
  validation?: 'warn' | 'error';
  /** Credential names besides HTTP's own (the registries' `auth`, the user's `--redact`): their literal values are secrets too. */
  redaction?: RedactionRules;
  /**
   * Runs the file's scripts (`> {% %}`, `< {% %}`, handler files, httpYac `{{ }}`, `?? js`) in
   * the sandbox. Supplied by the adapter only where scripts may run (trusted workspace,
   * `--allow-scripts`); without it the requests run without their scripts and the run says so
   * once, giving `scriptsOff` as the reason.
   */
  scripts?: ScriptRunner;
  /** Why scripts do not run here, e.g. how to allow them. */
  scriptsOff?: string;
  /**
   * At most this many requests under way at once (default 1: one after another). A request
   * starts once the requests whose responses it uses (`{{name.response…}}`, `# @ref`) have
   * finished; the others do not wait for it. Requests with scripts run alone, as the globals
   * they set may feed any later request; a file with global httpYac scripts runs one at a time.
   */
  parallel?: number;
}

export class UnknownRequestError extends Error {}

/** The requests one scheduled target brought about: itself and the dependencies it ran first. */
interface Chain {
  results: RequestResult[];
  /** Events held back until the chains before this one are through. */
  events: RunEvent[];
  complete: boolean;
  /** The request this chain waits for in another chain, to see circles across chains. */
  waitingFor?: number;
}

/** JetBrains ranks script globals over per-request variables: globals and exports win a clash. */
function scriptLayer(requestVariables: ReadonlyMap<string, VariableValue> | undefined, scripted: ReadonlyMap<string, VariableValue>): Map<string, VariableValue> {
  const layer = new Map(requestVariables ?? []);
  for (const [name, value] of scripted) layer.set(name, value);
  return layer;
}

/** A script failure's place as a range, when it is in the request file (not a handler file). */
function lineRangeOf(failure: { line: number; file: string }, filePath: string): Range | undefined {
  if (failure.file !== filePath) return undefined;
  const line = Math.max(0, failure.line - 1);
  return { start: { line, character: 0 }, end: { line, character: 0 } };
}

function bodyString(body: PreparedRequest['body']): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  return undefined;
}

/** Bodies spilled to a file are read back up to this size for assertions and named responses. */
const READ_BACK_LIMIT = 32 * 1024 * 1024;

/** A body in memory at once (no promise and await per request for it), one on disk read back. */
function responseText(record: ResponseRecord, readFile: RunHost['readFile']): string | undefined | Promise<string | undefined> {
  const body = record.response?.body;
  if (!body || body.encoding === 'binary') return undefined;
  // A view of the bytes, not a copy (Buffer.from(uint8Array) copies).
  if (body.bytes) return Buffer.from(body.bytes.buffer, body.bytes.byteOffset, body.bytes.byteLength).toString('utf8');
  return spilledText(body, readFile);
}

async function spilledText(body: NonNullable<ResponseRecord['response']>['body'], readFile: RunHost['readFile']): Promise<string | undefined> {
  if (body.file && body.size <= READ_BACK_LIMIT) {
    try {
      return Buffer.from(await readFile(body.file)).toString('utf8');
    } catch {
      // The preview is what is left.
    }
  }
  return body.preview;
}

export async function runHttpFile(options: RunOptions, host: RunHost): Promise<RunResult> {
  const started = performance.now();
  const { file } = options;
  // The run's own signal, following the caller's: every send under way listens on it, and at
  // --parallel 11 and more Node warned of a listener leak on the caller's (one listener there).
  const stopped = new AbortController();
  const outer = options.signal;
  const stop = () => stopped.abort(outer?.reason);
  const signal = stopped.signal;
  setMaxListeners(Math.max(10, 4 * Math.floor(options.parallel ?? 1)), signal);
  const exchanges = options.exchanges ?? new Map<string, NamedExchange>();
  const requestNames = new Set(file.requests.flatMap((r) => (r.name ? [r.name] : [])));
  const done = new Map<number, RequestResult>();
  /** Requests under way, with the chain that runs them. */
  const inflight = new Map<number, { chain: Chain; result: Promise<RequestResult> }>();
  const chains: Chain[] = [];
  /** The first chain whose events are not all out yet: its events pass, later chains' wait. */
  let head = 0;
  const secrets = new Set<string>((options.knownSecrets ?? []).filter(Boolean));
  const notices: string[] = [];
  const credentials = new Redactor([], options.redaction);
  // Secrets only ever join the set, so the progress redactor is rebuilt only when it grew: a
  // Redactor per request cost 0.2 s of a 1,000-request run's CPU (node --cpu-prof, addNames).
  let progress: { size: number; redactor: Redactor } | undefined;
  const progressRedactor = (): Redactor => {
    if (progress?.size !== secrets.size) progress = { size: secrets.size, redactor: new Redactor([...secrets], options.redaction) };
    return progress.redactor;
  };
  // Secrets only ever join the set: the list handed on per request is made again only when it grew.
  let secretsListed: string[] = [];
  const secretList = (): string[] => (secretsListed.length === secrets.size ? secretsListed : (secretsListed = [...secrets]));
  /** The requests this run was asked for; any other runs only as a dependency. */
  const selected = new Set<number>();

  // Progress events and the host's record of a request: in a sequential run they wait for the
  // next request to be written (reportQueue.ts).
  const reports = new ReportQueue();
  let sequential = false;
  /** The target after the one the sequential loop is running; none in a parallel run. */
  let following: RequestBlock | undefined;
  const emit = (event: RunEvent, wait = false) => {
    if (options.onEvent) reports.add(() => options.onEvent!(event), wait);
  };
  const notice = (message: string) => {
    if (notices.includes(message)) return;
    notices.push(message);
    emit({ type: 'notice', message });
  };
  const isScript = (s: ScriptBlock) => isRunnable(s) || s.form === 'save-response';
  const scriptCount = file.requests.reduce((n, r) => n + r.scripts.filter(isScript).length, 0) + (file.globalScripts?.length ?? 0);
  const jsAssertions = file.requests.reduce((n, r) => n + r.scripts.filter((s) => s.kind === 'assertion' && isJsAssertion(s.text)).length, 0);
  if (!options.scripts && scriptCount + jsAssertions > 0) {
    notice(`${scriptCount + jsAssertions} script block(s) not run: ${options.scriptsOff ?? 'scripts are off'} (declarative ?? assertions do run)`);
  }
  // Opened even for a file without scripts: globals an earlier run set still feed its requests.
  // The sandbox itself starts only with the first script.
  const scripts: ScriptSession | undefined = options.scripts?.open({ file, filePath: options.filePath, environment: options.scope.environment ?? new Map(), readFile: host.readFile, secrets: () => secrets, usedSecret: (value) => void secrets.add(value) });
  const views = { file, filePath: options.filePath, scope: options.scope, exchanges, usedSecret: (value: string) => void secrets.add(value) };
  const prepareIn = (block: RequestBlock, scope: RunOptions['scope']) => prepareRequest(block, { file, filePath: options.filePath, scope, exchanges, readFile: host.readFile, fileExists: host.fileExists });
  // A sequential run without scripts prepares the next target while one is under way (prepareAhead.ts).
  const ahead = scripts ? undefined : new PrepareAhead(file, (block) => prepareIn(block, options.scope));
  /** Script results that end up on the request's result. */
  const scriptNotes = (outcomes: ScriptOutcome[]): Pick<RequestResult, 'scriptLogs'> => {
    const logs = outcomes.flatMap((o) => o.logs);
    for (const outcome of outcomes) for (const skip of outcome.skipped) notice(`script at line ${skip.line + 1} not run: ${skip.reason}`);
    return logs.length ? { scriptLogs: logs } : {};
  };

  const runOne = (block: RequestBlock, asDependency: boolean, chain: Chain): Promise<RequestResult> => {
    const existing = done.get(block.index);
    if (existing) return Promise.resolve(existing);
    const under = inflight.get(block.index);
    if (under) return under.result;
    const result = execute(block, asDependency, chain).finally(() => inflight.delete(block.index));
    inflight.set(block.index, { chain, result });
    return result;
  };

  /**
   * A request's dependency: its result once it ran (run now, in this chain, if it has not
   * started), or undefined when waiting for it would close a circle — it is this chain's own
   * request or waits, through other chains, for this one.
   */
  const need = async (dependency: RequestBlock, chain: Chain): Promise<RequestResult | undefined> => {
    const under = inflight.get(dependency.index);
    if (!under) return runOne(dependency, true, chain);
    for (let at: number | undefined = dependency.index, hops = 0; at !== undefined && hops <= chains.length; hops++) {
      const owner: Chain | undefined = inflight.get(at)?.chain;
      if (!owner) break;
      if (owner === chain) return undefined;
      at = owner.waitingFor;
    }
    chain.waitingFor = dependency.index;
    try {
      return await under.result;
    } finally {
      chain.waitingFor = undefined;
    }
  };

  const execute = async (block: RequestBlock, asDependency: boolean, chain: Chain): Promise<RequestResult> => {
    const line = block.requestLine!.range.start.line;
    const base: Omit<RequestResult, 'outcome'> = {
      index: block.index,
      name: block.name,
      title: block.title,
      line,
      method: block.requestLine!.method,
      url: block.requestLine!.url,
      asDependency,
      assertions: [],
      skippedScripts: scripts || block.scripts.length === 0 ? 0 : block.scripts.filter(isScript).length,
    };
    if (asDependency && !selected.has(block.index) && host.beforeDependency) {
      const refused = await host.beforeDependency(block, signal);
      if (refused) {
        const result: RequestResult = { ...base, outcome: 'failed', reason: refused, prepareError: { code: 'unsafe-dependency', message: refused } };
        finish(result, chain);
        return result;
      }
    }
    // Most blocks have no `# @ref`: no async call and await per request for nothing.
    const referenced = block.directives.some(isReference) ? await runReferences(block, chain) : undefined;
    if (referenced) {
      const result: RequestResult = { ...base, outcome: 'failed', reason: referenced.message, prepareError: referenced };
      finish(result, chain);
      return result;
    }
    // Pre-request scripts run before variables are resolved: what they set is what the request reads.
    const pre = scripts ? await scripts.beforeRequest(requestView(block, views)) : undefined;
    if (pre) base.skippedScripts = pre.skipped.length;
    if (pre?.failure) {
      const failure = { code: 'script-error' as const, message: pre.failure.message, range: lineRangeOf(pre.failure, options.filePath) };
      const result: RequestResult = { ...base, ...scriptNotes([pre]), outcome: 'failed', reason: pre.failure.message, prepareError: failure };
      finish(result, chain);
      return result;
    }
    const prepared = await prepare(block, chain, pre?.requestVariables);
    if ('failure' in prepared) {
      const result: RequestResult = { ...base, ...scriptNotes(pre ? [pre] : []), outcome: 'failed', reason: prepared.failure.message, prepareError: prepared.failure };
      finish(result, chain);
      return result;
    }
    const { request, used } = prepared;
    for (let i = 0; i < used.length; i++) secrets.add(used[i]!);
    // Credentials written literally in a header are secrets too: a server may echo them in a body.
    // Indexed loops on this path: a for-of (above all one that destructures) allocates an iterator
    // and a result per step in the baseline code a run executes (test/bench/forOf.mjs).
    const headers = request.headers;
    for (let i = 0; i < headers.length; i++) {
      const name = headers[i]![0];
      const value = headers[i]![1];
      if (!credentials.isCredentialHeader(name)) continue;
      secrets.add(value);
      const credential = /^\S+\s+(\S{6,})$/.exec(value)?.[1];
      if (credential) secrets.add(credential);
    }
    if (request.url.includes('?')) for (const [name, value] of new URL(request.url).searchParams) if (value && credentials.isCredentialParameter(name)) secrets.add(value);
    deliver(chain, { type: 'start', index: block.index, name: block.name, method: request.method, url: progressRedactor().url(request.url), asDependency });
    // Once this request is written, the next target is prepared while the answer is on its way.
    const next = following;
    if (ahead && next && next !== block) ahead.afterNextWrite(next, () => !done.has(next.index) && !inflight.has(next.index));
    let record = await host.send(request, signal);
    if (host.validate && record.response) {
      try {
        const validation = await host.validate(record, request, signal);
        if (validation) record = { ...record, validation };
      } catch (error) {
        // A validator is a check on the side: its own failure must not cost the request.
        notice(`response not validated: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const read = responseText(record, host.readFile);
    const text = typeof read === 'object' ? await read : read;
    const assertions: AssertionResult[] = [];
    const responseView = scripts && { ...requestView(block, views), sent: request, record, text };
    for (let s = 0; s < block.scripts.length; s++) {
      const script = block.scripts[s]!;
      if (script.kind !== 'assertion') continue;
      const lines = script.text.split(/\r?\n/);
      for (let offset = 0; offset < lines.length; offset++) {
        const line = lines[offset]!;
        if (!/^\s*(\?\?)?\s*\S/.test(line)) continue;
        const at = script.range.start.line + offset;
        assertions.push(responseView && isJsAssertion(line) ? await evaluateJsAssertion(line, at, record, (expression) => scripts!.evaluate(expression, at, responseView)) : evaluateAssertion(line, record, at, text));
      }
    }
    const post = responseView && record.response ? await scripts!.afterResponse(responseView) : undefined;
    if (post) {
      assertions.push(...post.tests);
      base.skippedScripts += post.skipped.length;
    }
    let reason: string | undefined;
    if (record.error) reason = `${record.error.message}${record.error.hint ? ` — ${record.error.hint}` : ''}`;
    else {
      const failed = assertions.find((a) => a.outcome === 'failed');
      if (failed) reason = failed.source === 'script' ? `test '${failed.text}' failed: ${failed.message}` : `?? ${failed.text}: ${failed.message}`;
      else if (post?.failure) reason = post.failure.message;
      else if (options.validation === 'error' && record.validation && validationOutcome(record.validation) === 'invalid') reason = schemaViolationReason(record.validation);
      else if (record.response!.status >= 500 && !assertions.some((a) => a.isStatus)) reason = `server error ${record.response!.status} ${record.response!.statusText}`.trim();
    }
    // `base` (made above, for this request only) becomes the result: no copy of it per request.
    // Object.assign, not a spread followed by more keys: per request, that costs microseconds in Node 20 (sendRequest.ts, timingsOf).
    const notes = pre || post ? scriptNotes([pre, post].filter((o): o is ScriptOutcome => o !== undefined)) : undefined;
    const result: RequestResult = Object.assign(base, notes, { method: request.method, url: request.url, outcome: reason ? ('failed' as const) : ('passed' as const), reason, record, assertions });
    if (block.name) {
      exchanges.set(block.name, {
        request: { headers: request.headers, body: bodyString(request.body) },
        response: record.response && { headers: record.response.headers, body: text, contentType: record.response.body.contentType },
        secrets: used,
      });
    }
    if (host.recorded) {
      const listed = secretList();
      reports.add(() => host.recorded!(record, result, listed), sequential);
    }
    finish(result, chain);
    return result;
  };

  const finish = (result: RequestResult, chain: Chain) => {
    done.set(result.index, result);
    chain.results.push(result);
    deliver(chain, { type: 'end', result });
  };

  /** Progress in the order of the report: a chain's events wait until the chains before it are through. */
  const deliver = (chain: Chain, event: RunEvent) => {
    if (chains[head] === chain) emit(event, sequential);
    else chain.events.push(event);
  };
  const complete = (chain: Chain) => {
    chain.complete = true;
    while (chains[head]?.complete) {
      head++;
      const next = chains[head];
      if (next) for (const event of next.events.splice(0)) emit(event);
    }
  };

  /**
   * httpYac's `# @ref name` / `# @forceRef name`: the named request runs first, for its exports
   * and response. Within a run each request runs once either way; `@ref` also takes a response the
   * editor kept from an earlier send, `@forceRef` sends again.
   */
  const runReferences = async (block: RequestBlock, chain: Chain): Promise<PrepareFailure | undefined> => {
    for (const directive of block.directives) {
      if (!isReference(directive)) continue;
      const name = directive.value.trim();
      const dependency = file.requests.find((r) => r.name === name);
      if (!dependency) return { code: 'unresolved-variable', message: `'# @${directive.name} ${name}': no request is named '${name}'`, range: directive.valueRange ?? directive.range };
      if (directive.name === 'ref' && exchanges.has(name) && !done.has(dependency.index) && !inflight.has(dependency.index)) continue;
      const ran = await need(dependency, chain);
      if (!ran) return { code: 'dependency-cycle', message: `'# @${directive.name} ${name}' leads back to this request`, range: directive.range };
      if (ran.outcome === 'failed' && !ran.record?.response) {
        return { code: 'dependency-failed', message: `request '${name}', which '# @${directive.name}' runs first, failed: ${ran.reason ?? 'not sent'}`, range: directive.range };
      }
    }
    return undefined;
  };

  /** Prepares a block, running the named requests it depends on first. */
  const prepare = async (block: RequestBlock, chain: Chain, requestVariables?: ReadonlyMap<string, VariableValue>): Promise<{ request: PreparedRequest; used: string[] } | { failure: PrepareFailure }> => {
    const early = ahead?.take(block);
    if (early) {
      const prepared = await early;
      if (prepared) return prepared;
    }
    for (;;) {
      // Read again on every try: a dependency that just ran may have set globals.
      const scope = scripts ? { ...options.scope, scriptVariables: scriptLayer(requestVariables, scripts.variables()) } : options.scope;
      const prepared = await prepareIn(block, scope);
      if (!('pending' in prepared)) return prepared;
      const dependency = file.requests.find((r) => r.name === prepared.pending)!;
      const ran = await need(dependency, chain);
      if (!ran) return { failure: { code: 'dependency-cycle', message: `requests refer to each other's responses in a circle through '${prepared.pending}'` } };
      if (!exchanges.has(prepared.pending)) {
        return { failure: { code: 'dependency-failed', message: `request '${prepared.pending}', whose response this one uses, failed: ${ran.reason ?? 'not sent'}` } };
      }
    }
  };

  /**
   * Starts the targets in file order, each in a chain of its own, at most `limit` under way. A
   * target an earlier one needs waits for that one's chain, which runs it first as a sequential
   * run would; a target with scripts waits for everything before it and holds back what follows.
   */
  const schedule = async (targets: RequestBlock[]): Promise<void> => {
    const limit = options.scripts && file.globalScripts?.length ? 1 : Math.max(1, Math.floor(options.parallel ?? 1));
    if (limit === 1) {
      // One after the other: no task, freeing or ordering machinery per request.
      sequential = true;
      for (let i = 0; i < targets.length; i++) {
        const block = targets[i]!;
        following = targets[i + 1];
        if (signal.aborted) break;
        const chain: Chain = { results: [], events: [], complete: false };
        chains.push(chain);
        try {
          await runOne(block, false, chain);
        } finally {
          complete(chain);
        }
      }
      following = undefined;
      return;
    }
    const owners = dependencyOwners(file, targets);
    const scripted = (block: RequestBlock) => Boolean(options.scripts) && block.scripts.some((s) => isRunnable(s));
    const active = new Set<Promise<void>>();
    const started = new Map<number, Promise<void>>();
    let failure: { error: unknown } | undefined;
    // Woken when a task ends (Promise.race over the active set added a reaction to each of its
    // `limit` promises per start: 50,000 for 1,000 requests at --parallel 50).
    let freed: (() => void) | undefined;
    for (const block of targets) {
      if (scripted(block)) await Promise.all(active);
      while (active.size >= limit) await new Promise<void>((resolve) => (freed = resolve));
      if (signal.aborted || failure) break;
      const chain: Chain = { results: [], events: [], complete: false };
      chains.push(chain);
      const owner = owners.get(block.index);
      const task: Promise<void> = (async () => {
        if (owner !== undefined) await started.get(owner);
        if (signal.aborted) return;
        await runOne(block, false, chain);
      })()
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => {
          active.delete(task);
          complete(chain);
          const wake = freed;
          freed = undefined;
          wake?.();
        });
      active.add(task);
      started.set(block.index, task);
      if (scripted(block)) await task;
    }
    await Promise.all(active);
    if (failure) throw failure.error;
  };

  let targets = file.requests;
  if (options.select?.names?.length) {
    const unknown = options.select.names.filter((n) => !requestNames.has(n));
    if (unknown.length) throw new UnknownRequestError(`no request named ${unknown.map((n) => `'${n}'`).join(', ')} (named: ${[...requestNames].join(', ') || 'none'})`);
    targets = file.requests.filter((r) => r.name && options.select!.names!.includes(r.name));
  } else if (options.select?.indexes?.length) {
    targets = file.requests.filter((r) => options.select!.indexes!.includes(r.index));
  }
  for (const block of targets) selected.add(block.index);
  if (outer?.aborted) stop();
  else outer?.addEventListener('abort', stop, { once: true });
  try {
    await schedule(targets);
    reports.end();
  } finally {
    reports.close();
    outer?.removeEventListener('abort', stop);
    ahead?.stop();
    scripts?.close();
  }
  const results = chains.flatMap((chain) => chain.results);
  return {
    file: options.filePath,
    environment: options.environment,
    results,
    passed: results.length > 0 && results.every((r) => r.outcome === 'passed') && !signal.aborted,
    secrets: [...secrets],
    durationMs: performance.now() - started,
    notices,
  };
}
