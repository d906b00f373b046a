// A PolicyContext for policy tests: offers answered by a list (or a function), notices kept.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegistryEntry } from '../../../src/core/catalog/types';
import type { Offer, PolicyContext } from '../../../src/core/policies/types';
import type { PreparedRequest, ResponseRecord } from '../../../src/core/send/types';

export interface TestContext extends PolicyContext {
  offers: Offer[];
  notices: string[];
  sent: PreparedRequest[];
}

export function testContext(options: {
  registry?: RegistryEntry;
  environment?: string;
  answer?: boolean | ((offer: Offer) => boolean);
  variables?: Record<string, string>;
  send?: (request: PreparedRequest, signal: AbortSignal) => Promise<ResponseRecord>;
  stateDir?: string;
} = {}): TestContext {
  const offers: Offer[] = [];
  const notices: string[] = [];
  const sent: PreparedRequest[] = [];
  return {
    registry: options.registry,
    environment: options.environment ?? 'sandbox',
    secret: async () => undefined,
    variable: (name) => options.variables?.[name],
    send: async (request, signal) => {
      sent.push(request);
      if (!options.send) throw new Error('this test sends nothing through the context');
      return options.send(request, signal);
    },
    ports: {
      decide: async (offer) => {
        offers.push(offer);
        const answer = options.answer ?? false;
        return typeof answer === 'function' ? answer(offer) : answer;
      },
      notice: (message) => notices.push(message),
    },
    stateDir: options.stateDir ?? mkdtempSync(join(tmpdir(), 'regx-policy-')),
    offers,
    notices,
    sent,
  };
}

let counter = 0;

/** A record as the send path makes one, for the request as it went out. */
export function recordFor(request: PreparedRequest, status: number, headers: [string, string][] = [], body = ''): ResponseRecord {
  return {
    id: `r${++counter}`,
    startedAt: new Date().toISOString(),
    request: { method: request.method, url: request.url, headers: request.headers, source: request.source, registry: request.registry },
    response: { status, statusText: '', httpVersion: '1.1', headers, body: { size: body.length, encoding: 'text', preview: body, previewTruncated: false, bytes: Buffer.from(body) } },
    redirects: [],
    timings: { totalMs: 1 },
  };
}

export function request(method: string, url: string, headers: [string, string][] = [], body?: string): PreparedRequest {
  return { method, url, headers, body, followRedirects: true, secrets: [] };
}
