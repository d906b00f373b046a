// Runs the requests of one parsed file: one, some by name, or all in file order. A request that
// refers to a named request that has not run yet runs it first (REST Client's chaining). Each
// request runs at most once per run, so a dependency is not sent twice.

import type { HttpFile, RequestBlock } from '../http/ast';
import type { PreparedRequest, ResponseRecord } from '../send/types';
import type { ValidationResult } from '../openapi/types';
import type { NamedExchange } from '../variables/types';
import type { VariableScopeInput } from '../variables/variableScope';
import { prepareRequest, type PrepareFailure } from './prepareRequest';
import { DEFAULT_SENSITIVE_HEADERS, Redactor } from '../history/redactor';
import { evaluateAssertion, type AssertionResult } from './assertions';
import type { RequestResult, RunEvent, RunResult } from './runTypes';
import { schemaViolationReason, validationOutcome } from './schemaViolation';

export interface RunHost {
  send(request: PreparedRequest, signal: AbortSignal): Promise<ResponseRecord>;
  readFile(path: string): Promise<Uint8Array>;
  /** When given, a body that is one plain file include streams from disk instead of memory. */
  fileExists?(path: string): Promise<boolean>;
  /**
   * Checks a response against the documented response of the operation the request matched
   * (`createResponseValidator`). Undefined = not validated. The result is put on the record
   * before assertions, history and reporters see it, so every consumer reads the same verdict.
   */
  validate?(record: ResponseRecord, request: PreparedRequest, signal: AbortSignal): Promise<ValidationResult | undefined>;
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
}

export class UnknownRequestError extends Error {}

const SENSITIVE_HEADERS = new Set(DEFAULT_SENSITIVE_HEADERS.filter((h) => h !== 'set-cookie'));

function bodyString(body: PreparedRequest['body']): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  return undefined;
}

/** Bodies spilled to a file are read back up to this size for assertions and named responses. */
const READ_BACK_LIMIT = 32 * 1024 * 1024;

async function responseText(record: ResponseRecord, readFile: RunHost['readFile']): Promise<string | undefined> {
  const body = record.response?.body;
  if (!body || body.encoding === 'binary') return undefined;
  if (body.bytes) return Buffer.from(body.bytes).toString('utf8');
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
  const signal = options.signal ?? new AbortController().signal;
  const exchanges = options.exchanges ?? new Map<string, NamedExchange>();
  const requestNames = new Set(file.requests.flatMap((r) => (r.name ? [r.name] : [])));
  const done = new Map<number, RequestResult>();
  const running = new Set<number>();
  const secrets = new Set<string>((options.knownSecrets ?? []).filter(Boolean));
  const results: RequestResult[] = [];
  const notices: string[] = [];

  const isScript = (s: { kind: string }) => s.kind === 'pre-request' || s.kind === 'response-handler';
  const skipped = file.requests.reduce((n, r) => n + r.scripts.filter(isScript).length, 0);
  const jsAssertions = file.requests.reduce((n, r) => n + r.scripts.filter((s) => s.kind === 'assertion' && /^\s*(\?\?\s*)?js\b/.test(s.text)).length, 0);
  if (skipped + jsAssertions > 0) {
    const message = `${skipped + jsAssertions} script block(s) not run: this tool does not execute JavaScript (declarative ?? assertions do run)`;
    notices.push(message);
    options.onEvent?.({ type: 'notice', message });
  }

  const runOne = async (block: RequestBlock, asDependency: boolean): Promise<RequestResult> => {
    const existing = done.get(block.index);
    if (existing) return existing;
    running.add(block.index);
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
      skippedScripts: block.scripts.filter(isScript).length,
    };
    const prepared = await prepare(block);
    if ('failure' in prepared) {
      const result: RequestResult = { ...base, outcome: 'failed', reason: prepared.failure.message, prepareError: prepared.failure };
      finish(result);
      return result;
    }
    const { request, used } = prepared;
    for (const s of used) secrets.add(s);
    // Credentials written literally in a header are secrets too: a server may echo them in a body.
    for (const [name, value] of request.headers) {
      if (!SENSITIVE_HEADERS.has(name.toLowerCase())) continue;
      secrets.add(value);
      const credential = /^\S+\s+(\S{6,})$/.exec(value)?.[1];
      if (credential) secrets.add(credential);
    }
    options.onEvent?.({ type: 'start', index: block.index, name: block.name, method: request.method, url: new Redactor([...secrets]).url(request.url), asDependency });
    let record = await host.send(request, signal);
    if (host.validate && record.response) {
      try {
        const validation = await host.validate(record, request, signal);
        if (validation) record = { ...record, validation };
      } catch (error) {
        // A validator is a check on the side: its own failure must not cost the request.
        const message = `response not validated: ${error instanceof Error ? error.message : String(error)}`;
        if (!notices.includes(message)) {
          notices.push(message);
          options.onEvent?.({ type: 'notice', message });
        }
      }
    }
    const text = await responseText(record, host.readFile);
    const assertions: AssertionResult[] = [];
    for (const script of block.scripts.filter((s) => s.kind === 'assertion')) {
      script.text.split(/\r?\n/).forEach((line, offset) => {
        if (/^\s*(\?\?)?\s*\S/.test(line)) assertions.push(evaluateAssertion(line, record, script.range.start.line + offset, text));
      });
    }
    let reason: string | undefined;
    if (record.error) reason = `${record.error.message}${record.error.hint ? ` — ${record.error.hint}` : ''}`;
    else {
      const failed = assertions.find((a) => a.outcome === 'failed');
      if (failed) reason = `?? ${failed.text}: ${failed.message}`;
      else if (options.validation === 'error' && record.validation && validationOutcome(record.validation) === 'invalid') reason = schemaViolationReason(record.validation);
      else if (record.response!.status >= 500 && !assertions.some((a) => a.isStatus)) reason = `server error ${record.response!.status} ${record.response!.statusText}`.trim();
    }
    const result: RequestResult = { ...base, method: request.method, url: request.url, outcome: reason ? 'failed' : 'passed', reason, record, assertions };
    if (block.name) {
      exchanges.set(block.name, {
        request: { headers: request.headers, body: bodyString(request.body) },
        response: record.response && { headers: record.response.headers, body: text, contentType: record.response.body.contentType },
        secrets: used,
      });
    }
    host.recorded?.(record, result, [...secrets]);
    finish(result);
    return result;
  };

  const finish = (result: RequestResult) => {
    running.delete(result.index);
    done.set(result.index, result);
    results.push(result);
    options.onEvent?.({ type: 'end', result });
  };

  /** Prepares a block, running the named requests it depends on first. */
  const prepare = async (block: RequestBlock): Promise<{ request: PreparedRequest; used: string[] } | { failure: PrepareFailure }> => {
    for (;;) {
      const prepared = await prepareRequest(block, { file, filePath: options.filePath, scope: options.scope, exchanges, readFile: host.readFile, fileExists: host.fileExists });
      if (!('pending' in prepared)) return prepared;
      const dependency = file.requests.find((r) => r.name === prepared.pending)!;
      if (running.has(dependency.index)) {
        return { failure: { code: 'dependency-cycle', message: `requests refer to each other's responses in a circle through '${prepared.pending}'` } };
      }
      const ran = await runOne(dependency, true);
      if (!exchanges.has(prepared.pending)) {
        return { failure: { code: 'dependency-failed', message: `request '${prepared.pending}', whose response this one uses, failed: ${ran.reason ?? 'not sent'}` } };
      }
    }
  };

  let targets = file.requests;
  if (options.select?.names?.length) {
    const unknown = options.select.names.filter((n) => !requestNames.has(n));
    if (unknown.length) throw new UnknownRequestError(`no request named ${unknown.map((n) => `'${n}'`).join(', ')} (named: ${[...requestNames].join(', ') || 'none'})`);
    targets = file.requests.filter((r) => r.name && options.select!.names!.includes(r.name));
  } else if (options.select?.indexes?.length) {
    targets = file.requests.filter((r) => options.select!.indexes!.includes(r.index));
  }
  for (const block of targets) {
    if (signal.aborted) break;
    await runOne(block, false);
  }
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
