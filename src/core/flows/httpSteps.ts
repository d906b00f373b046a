// Steps whose source is a .http file, for every flow host (the CLI's `regx flow run` / `regx test`
// and the editor's Run Flow): a request reads the named responses of the requests that answered
// before it in the flow, as `regx run` keeps them, and its declarative `??` assertions judge the
// step. One instance per flow run.

import type { RequestBlock } from '../http/ast';
import { evaluateAssertion } from '../run/assertions';
import { isJsAssertion } from '../run/jsAssertions';
import { prepareRequest, type PrepareContext } from '../run/prepareRequest';
import type { ResponseRecord } from '../send/types';
import type { NamedExchange } from '../variables/types';
import type { HttpSource } from './loadFlow';
import { bodyText, type HttpAssertionOutcome } from './runFlow';
import type { StepRequestSpec } from './stepSender';

interface Sent {
  headers: [string, string][];
  body?: string;
  used: string[];
}

export class HttpSteps {
  /** Named responses per .http file of the flow. */
  private readonly exchanges = new Map<string, Map<string, NamedExchange>>();
  private readonly sent = new WeakMap<RequestBlock, Sent>();

  constructor(private readonly readFile: (path: string) => Promise<Uint8Array>) {}

  private exchangesOf(file: string): Map<string, NamedExchange> {
    let named = this.exchanges.get(file);
    if (!named) this.exchanges.set(file, (named = new Map()));
    return named;
  }

  async prepare(source: HttpSource, request: RequestBlock, scope: PrepareContext['scope']): Promise<StepRequestSpec> {
    const prepared = await prepareRequest(request, {
      file: source.file,
      filePath: source.location,
      scope,
      exchanges: this.exchangesOf(source.location),
      readFile: (path) => this.readFile(path),
    });
    if ('pending' in prepared) {
      throw new Error(`request '${request.name}' uses the response of '${prepared.pending}', which has not answered before it in this flow: run '${prepared.pending}' first, or pass values between steps with outputs`);
    }
    if ('failure' in prepared) throw new Error(prepared.failure.message);
    const body = prepared.request.body;
    if (body !== undefined && typeof body === 'object' && !(body instanceof Uint8Array)) throw new Error(`request '${request.name}' sends a file body; flows send bodies from memory`);
    this.sent.set(request, {
      headers: prepared.request.headers,
      body: typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : undefined,
      used: prepared.used,
    });
    return { method: prepared.request.method, url: prepared.request.url, headers: prepared.request.headers, body, timeoutMs: prepared.request.timeoutMs };
  }

  /** Keeps a named request's answer for the requests after it; the outcomes of its `??` assertions. */
  async answered(source: HttpSource, request: RequestBlock, record: ResponseRecord): Promise<HttpAssertionOutcome[]> {
    const text = await bodyText(record, this.readFile);
    if (request.name) {
      const sent = this.sent.get(request);
      this.exchangesOf(source.location).set(request.name, {
        request: { headers: sent?.headers ?? record.request.headers, ...(sent?.body !== undefined ? { body: sent.body } : {}) },
        response: record.response && { headers: record.response.headers, body: text, contentType: record.response.body.contentType },
        secrets: sent?.used ?? [],
      });
    }
    const outcomes: HttpAssertionOutcome[] = [];
    for (const script of request.scripts) {
      if (script.kind !== 'assertion') continue;
      const lines = script.text.split(/\r?\n/);
      for (let offset = 0; offset < lines.length; offset++) {
        const line = lines[offset]!;
        if (!/^\s*(\?\?)?\s*\S/.test(line)) continue;
        // JavaScript assertions need the script sandbox, which flows do not run
        if (isJsAssertion(line)) continue;
        const result = evaluateAssertion(line, record, script.range.start.line + offset, text);
        if (result.outcome === 'skipped') continue;
        outcomes.push({ text: result.text, passed: result.outcome === 'passed', isStatus: result.isStatus, ...(result.message ? { message: result.message } : {}) });
      }
    }
    return outcomes;
  }
}
