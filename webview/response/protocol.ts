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
  request: { method: string; url: string; headers: [string, string][]; registry?: string; environment?: string };
  /** Absent when no response arrived (see `error`). */
  status?: { code: number; text: string; tone: StatusTone };
  timings: { label: string; ms: number }[];
  totalMs: number;
  headers: [string, string][];
  body: BodyView;
  validation?: ValidationView;
  error?: ErrorView;
  redirects: { status: number; url: string }[];
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
}

export interface ValidationView {
  valid: boolean;
  against?: string;
  operationId?: string;
  errors: { path: string; message: string }[];
}

/** Actions the host can run for an error; the webview only names them. */
export type ActionId = 'trustCertificate' | 'startSandbox' | 'selectEnvironment' | 'setSecret' | 'openSettings' | 'changeTimeout' | 'manageTrust' | 'showOutput';

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
  | { type: 'reply'; requestId: number; ok: boolean; message?: string };

/** Webview → host. `requestId` lets the host's reply find the button that asked. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'openBody'; requestId: number; responseId: string }
  | { type: 'copyBody'; requestId: number; responseId: string }
  | { type: 'openFile'; requestId: number; file: string }
  | { type: 'resend'; requestId: number; responseId: string }
  | { type: 'action'; requestId: number; action: ActionId };

const actionIds: readonly ActionId[] = ['trustCertificate', 'startSandbox', 'selectEnvironment', 'setSecret', 'openSettings', 'changeTimeout', 'manageTrust', 'showOutput'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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
    case 'reply':
      return typeof value.requestId === 'number' && typeof value.ok === 'boolean';
    default:
      return false;
  }
}

/** What the webview keeps with `setState`, so a hidden-then-shown panel rebuilds without the host. */
export interface ResponseViewState {
  view?: ResponseView;
  pending?: { title: string; method: string; url: string };
}
