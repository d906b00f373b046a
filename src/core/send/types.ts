// The send path (ARCHITECTURE.md, data walk 2): a parsed request becomes a PreparedRequest
// (variables resolved), passes through the registry policies, goes out through undici and
// comes back as a ResponseRecord that history, reporters and the response view all read.

import type { ValidationResult } from '../openapi/types';
import type { ErrorCode } from '../errors';
import type { ProblemSummary } from '../problems/problemSummary';

export interface PreparedRequest {
  method: string;
  url: string;
  headers: [string, string][];
  /** Text, bytes, or a file streamed from disk. */
  body?: string | Uint8Array | { file: string };
  timeoutMs?: number;
  followRedirects: boolean;
  /** `# @redirect-body`: a 307/308 to another origin may re-send the body. */
  redirectBody?: boolean;
  /** Where it came from, for history and reports. */
  source?: { file?: string; requestIndex?: number; name?: string; title?: string; line?: number };
  /** The registry and environment the request runs against, when known. */
  registry?: { id: string; environment: string };
  /** Values that must never be written anywhere (secrets, private env values). */
  secrets: string[];
  /** Headers a registry policy added or changed (the policy pipeline fills it; see `AddedHeader`). */
  added?: AddedHeader[];
}

/** A header the tool put on the request, not the user: which policy, and where the value came from. */
export interface AddedHeader {
  header: string;
  /** The policy's name (`etag`, `auth`, `headers`, …). */
  by: string;
  /** Where the value came from, for the user: `ETag seen by GET … at …`, `setting vrInitiator`. */
  from?: string;
}

/** Something a policy did or found, for the record (`304: cache hit`, `followed Location …`). */
export interface PolicyNote {
  policy: string;
  message: string;
}

export interface Timings {
  /** DNS + TCP connect of the connection that carried the request; 0 when it was reused. */
  socketMs?: number;
  /** TLS handshake; 0 when the connection was reused, absent for plain HTTP. */
  tlsMs?: number;
  /** The request went over a kept-alive connection an earlier request opened. */
  reused?: boolean;
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
  code: ErrorCode;
  message: string;
  /** What the user can do about it, e.g. which certificate to trust and how. */
  hint?: string;
}

export interface RedirectHop {
  status: number;
  url: string;
  /** Credential headers and secret-carrying query parameters kept from the new origin. */
  dropped?: { headers?: string[]; parameters?: string[]; /** The client certificate was not offered to the new origin. */ clientCertificate?: boolean };
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
  /** Each hop followed; `dropped` says what did not go along to another origin. */
  redirects: RedirectHop[];
  timings: Timings;
  validation?: ValidationResult;
  /** An error answer read as one readable error, its field messages placed in the request body (core/problems). */
  problem?: ProblemSummary;
  error?: SendError;
  /** Headers a policy added to this request (copied from the PreparedRequest). */
  added?: AddedHeader[];
  /** What the call cost by the registry's `costs` (the charged header, else the projection), with the balance the server reported. */
  cost?: { amount: number; unit: string; balance?: number };
  /** What the policies did or found about this exchange. */
  notes?: PolicyNote[];
  /**
   * Set when a policy replaced the record (a resend after a 412 or 409, the resource a 202
   * pointed at): the record it replaced, which may have its own `previous`.
   */
  previous?: ResponseRecord;
  /**
   * A 202's Location, read by the follow-location policy: the last read (its earlier 202 reads as
   * its `previous`). The 202 stays the record, so `{{name.response.headers.Location}}` still works.
   */
  followed?: ResponseRecord;
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
