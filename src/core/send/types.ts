// The send path (ARCHITECTURE.md, data walk 2): a parsed request becomes a PreparedRequest
// (variables resolved), passes through the registry policies, goes out through undici and
// comes back as a ResponseRecord that history, reporters and the response view all read.

import type { ValidationResult } from '../openapi/types';

export interface PreparedRequest {
  method: string;
  url: string;
  headers: [string, string][];
  /** Text, bytes, or a file streamed from disk. */
  body?: string | Uint8Array | { file: string };
  timeoutMs?: number;
  followRedirects: boolean;
  /** Where it came from, for history and reports. */
  source?: { file?: string; requestIndex?: number; name?: string; title?: string; line?: number };
  /** The registry and environment the request runs against, when known. */
  registry?: { id: string; environment: string };
  /** Values that must never be written anywhere (secrets, private env values). */
  secrets: string[];
}

export interface Timings {
  /** Time waiting for a socket (pool queue + DNS + TCP connect). */
  socketMs?: number;
  tlsMs?: number;
  /** Request start to first response byte. */
  firstByteMs?: number;
  totalMs: number;
}

export interface ResponseBody {
  size: number;
  contentType?: string;
  /** `binary` bodies are never decoded as text; the preview is then empty or a hex summary. */
  encoding: 'text' | 'binary';
  /** Start of the body as text (capped), for history and the response view. */
  preview: string;
  previewTruncated: boolean;
  /** Set when the body was larger than the cap and streamed to this file. */
  file?: string;
  /** The whole body, when it was kept in memory (never written to history). */
  bytes?: Uint8Array;
}

export interface SendError {
  /** `timeout`, `aborted`, `tls`, `connect`, `dns`, `protocol`, `unresolved-variable`, … */
  code: string;
  message: string;
  /** What the user can do about it, e.g. which certificate to trust and how. */
  hint?: string;
}

export interface ResponseRecord {
  id: string;
  startedAt: string;
  request: { method: string; url: string; headers: [string, string][]; bodyPreview?: string; source?: PreparedRequest['source']; registry?: PreparedRequest['registry'] };
  /** Absent when the request failed before a response arrived (see `error`). */
  response?: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: [string, string][];
    body: ResponseBody;
  };
  redirects: { status: number; url: string }[];
  timings: Timings;
  validation?: ValidationResult;
  error?: SendError;
}

/**
 * A registry policy on the send path (auth, mandatory headers, ETag pre-conditions, cost
 * meter, …). Policies are the next wave; the pipeline calls them in order so they slot in.
 */
export interface SendPolicy {
  name: string;
  beforeSend?(request: PreparedRequest, signal: AbortSignal): Promise<PreparedRequest> | PreparedRequest;
  afterResponse?(record: ResponseRecord): Promise<void> | void;
}
