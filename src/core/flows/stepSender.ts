// How a flow step goes out: one request spec through the send session (policies, ETag store,
// costs, validation, history) — a flow is requests, not a second HTTP client. The CLI sends
// through SessionStepSender, the editor through its own sender's session.

import type { PreparedRequest, ResponseRecord } from '../send/types';

export interface StepRequestSpec {
  method: string;
  /** Absolute URL; a flow never leaves `{{variables}}` in it. */
  url: string;
  headers: [string, string][];
  body?: string | Uint8Array;
  /** Catalog id of the registry the step talks to, when known. */
  registry?: string;
  /** A label for history and reports, e.g. `bedrijvenZoekenEnDownloaden › zoek`. */
  name?: string;
  source?: { file?: string; line?: number; flow?: string; step?: string };
  /** The step's `timeout` (Arazzo 1.1), milliseconds. */
  timeoutMs?: number;
}

export interface CostNote {
  /** What this call cost (negative for a reward), in `unit`. */
  amount: number;
  unit: string;
  /** Where the figure came from, e.g. a response header. */
  basis?: string;
}

export interface StepExchange {
  record: ResponseRecord & { policy?: { cost?: CostNote; addedHeaders?: string[] } };
  /** Secret values that went into the request (for redaction). */
  secrets: string[];
}

export interface StepSender {
  send(spec: StepRequestSpec, options: { environment?: string; signal: AbortSignal }): Promise<StepExchange>;
}

/** The request a step spec stands for, as every sender hands it to the send session. */
export function stepRequest(spec: StepRequestSpec, secrets: string[], environment: string | undefined): PreparedRequest {
  const request: PreparedRequest = {
    method: spec.method,
    url: spec.url,
    headers: spec.headers,
    body: spec.body,
    timeoutMs: spec.timeoutMs,
    followRedirects: true,
    source: { file: spec.source?.file, line: spec.source?.line, name: spec.name },
    secrets,
  };
  if (spec.registry && environment) request.registry = { id: spec.registry, environment };
  return request;
}
