import { isRecord, isReplyFields, type ReplyMessage } from '../components/bridge';
// The one protocol between the response panel (webview) and its host (src/extension). Both
// sides import this file, so a message that one side sends is a type the other side switches
// over exhaustively. Every incoming message is checked with the `is…` guards first: a webview
// is a separate page and its messages are untrusted input.

/** What the panel shows for one response; built by the host from a ResponseRecord. */
export interface ResponseView {
  /** ResponseRecord id: replies and actions refer to it. */
  id: string;
  /** `GET /v1/verenigingen/V0001001`: also the panel title after `Response: `. */
  title: string;
  startedAt: string;
  /** What was sent: the URL and headers with secret values masked. */
  request: {
    method: string;
    url: string;
    headers: [string, string][];
    registry?: string;
    environment?: string;
    /** Headers the tool put on the request, not the file: which policy, and where the value came from. */
    added?: AddedHeaderView[];
  };
  /** What the registry policies did or found about this exchange (`etag: 304: cache hit …`). */
  notes?: string[];
  /** Absent when no response arrived (see `error`). */
  status?: { code: number; text: string; tone: StatusTone };
  timings: { label: string; ms: number }[];
  totalMs: number;
  headers: [string, string][];
  body: BodyView;
  validation?: ValidationView;
  /** An error answer as one readable error (RFC 7807 or the registry's own shape), shown above the body. */
  problem?: ProblemSummaryView;
  /** The request's `??` assertions and the tests its scripts ran, in order; absent when it has none. */
  checks?: CheckView[];
  /** What its scripts logged (`client.log`), masked like the rest. */
  logs?: string[];
  error?: ErrorView;
  redirects: { status: number; url: string }[];
  /** What else the host can open for this response (e.g. a vereniging's historiek timeline). */
  offers?: Offer[];
}

export interface AddedHeaderView {
  header: string;
  /** The policy's name: `auth`, `headers`, `etag`. */
  by: string;
  from?: string;
}

/** A panel the host can open for a response; the webview only shows the button. */
export interface Offer {
  id: 'historiek';
  title: string;
}

export type StatusTone = 'success' | 'redirect' | 'client-error' | 'server-error' | 'info';

export interface BodyView {
  /** `json`: pretty-printed; `text`: as received; `binary`/`file`: summarised, not shown; `empty`. */
  kind: 'json' | 'text' | 'binary' | 'file' | 'empty';
  text: string;
  size: number;
  sizeLabel: string;
  contentType?: string;
  /** The text is the start of a longer body. */
  truncated: boolean;
  /** Where the whole body was saved, when it was too large to keep in memory. */
  file?: string;
  /** The host can send the whole body's bytes (kept in memory or saved to a file). */
  fetchable?: boolean;
}

/** One check of a response: a `??` line as written, or a script's test by its name. */
export interface CheckView {
  kind: 'assertion' | 'test';
  text: string;
  outcome: 'passed' | 'failed' | 'skipped';
  message?: string;
}

export interface ValidationView {
  valid: boolean;
  against?: string;
  operationId?: string;
  errors: { path: string; message: string }[];
}

/** core/problems' ProblemSummary as the panel shows it (the body viewer's own card is only for records without one). */
export interface ProblemSummaryView {
  /** `400 Er heeft zich een fout voorgedaan!` */
  title: string;
  detail?: string;
  /** Messages about the request as a whole. */
  messages: string[];
  /** One per field message: where it is in the request body (`$.adres.huisnummer`), else the server's name for it. */
  fields: { place: string; message: string }[];
}

/** Actions the host can run for an error; the webview only names them. */
export type ActionId = 'trustCertificate' | 'configureTls' | 'startSandbox' | 'selectEnvironment' | 'setSecret' | 'openSettings' | 'changeTimeout' | 'manageTrust' | 'showOutput';

export interface ErrorView {
  code: string;
  message: string;
  hint?: string;
  actions: { id: ActionId; title: string }[];
}

/** Host → webview. */
export type HostMessage =
  | { type: 'pending'; title: string; method: string; url: string }
  | { type: 'show'; view: ResponseView }
  /** The whole body, in order, after a `body` request; then the request's reply. */
  | { type: 'bodyChunk'; responseId: string; offset: number; bytes: Uint8Array; last: boolean }
  /** Arrives after `show` when the host has looked up what the response offers. */
  | { type: 'offers'; responseId: string; offers: Offer[] }
  | ReplyMessage;

/** Webview → host. `requestId` lets the host's reply find the button that asked. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'openBody'; requestId: number; responseId: string }
  | { type: 'copyBody'; requestId: number; responseId: string }
  | { type: 'openFile'; requestId: number; file: string }
  | { type: 'resend'; requestId: number; responseId: string }
  | { type: 'action'; requestId: number; action: ActionId }
  | { type: 'offer'; requestId: number; responseId: string; offer: Offer['id'] }
  /** Send the body's bytes (as bodyChunk messages). */
  | { type: 'body'; requestId: number; responseId: string }
  | { type: 'copyText'; requestId: number; text: string }
  /** Insert `{{name.response.body.<path>}}` in the request file (asking for a name when the request has none). */
  | { type: 'useInRequest'; requestId: number; responseId: string; path: string }
  | { type: 'saveBody'; requestId: number; responseId: string }
  /** Bytes taken in so far: the host keeps at most a few chunks in flight, so copies never pile up. */
  | { type: 'bodyAck'; responseId: string; received: number };

const actionIds: readonly ActionId[] = ['trustCertificate', 'configureTls', 'startSandbox', 'selectEnvironment', 'setSecret', 'openSettings', 'changeTimeout', 'manageTrust', 'showOutput'];

export function isActionId(value: unknown): value is ActionId {
  return typeof value === 'string' && (actionIds as readonly string[]).includes(value);
}

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'openBody':
    case 'copyBody':
    case 'resend':
      return typeof value.requestId === 'number' && typeof value.responseId === 'string';
    case 'openFile':
      return typeof value.requestId === 'number' && typeof value.file === 'string';
    case 'action':
      return typeof value.requestId === 'number' && isActionId(value.action);
    case 'offer':
      return typeof value.requestId === 'number' && typeof value.responseId === 'string' && value.offer === 'historiek';
    case 'body':
    case 'saveBody':
      return typeof value.requestId === 'number' && typeof value.responseId === 'string';
    case 'copyText':
      return typeof value.requestId === 'number' && typeof value.text === 'string';
    case 'bodyAck':
      return typeof value.responseId === 'string' && typeof value.received === 'number';
    case 'useInRequest':
      return typeof value.requestId === 'number' && typeof value.responseId === 'string' && typeof value.path === 'string' && isInsertablePath(value.path);
    default:
      return false;
  }
}

export function isHostMessage(value: unknown): value is HostMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'pending':
      return typeof value.title === 'string' && typeof value.method === 'string' && typeof value.url === 'string';
    case 'show':
      return isRecord(value.view) && typeof value.view.id === 'string' && typeof value.view.title === 'string' && isRecord(value.view.body);
    case 'bodyChunk':
      return typeof value.responseId === 'string' && typeof value.offset === 'number' && value.bytes instanceof Uint8Array && typeof value.last === 'boolean';
    case 'offers':
      return typeof value.responseId === 'string' && Array.isArray(value.offers) && value.offers.every(isOffer);
    case 'reply':
      return isReplyFields(value);
    default:
      return false;
  }
}

/**
 * A JSONPath that may go into `{{name.response.body.<path>}}`: a hostile body's key holding `{{`
 * or `}}` would otherwise close the reference and open another one (say `{{$processEnv X}}`).
 */
export function isInsertablePath(path: string): boolean {
  return path.startsWith('$') && !/\{\{|\}\}|[\r\n]/.test(path);
}

function isOffer(value: unknown): value is Offer {
  return isRecord(value) && value.id === 'historiek' && typeof value.title === 'string';
}

/** What the webview keeps with `setState`, so a hidden-then-shown panel rebuilds without the host. */
export interface ResponseViewState {
  view?: ResponseView;
  /** Tree or raw, as the user last chose for a JSON body. */
  bodyMode?: 'tree' | 'raw';
  pending?: { title: string; method: string; url: string };
}
