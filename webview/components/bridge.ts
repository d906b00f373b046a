// The webview end of a panel's protocol: one `acquireVsCodeApi()` per page, incoming messages
// checked with the protocol's guard before anything reads them, requests numbered so the host's
// `reply` finds the promise that asked, and the panel's state saved with setState so a panel
// that VS Code reloads after hiding it rebuilds without asking the host.

/** The reply every protocol's host sends for a numbered request. */
export interface ReplyMessage {
  type: 'reply';
  requestId: number;
  ok: boolean;
  /** Why it failed, or a short confirmation ("Copied"). */
  message?: string;
}

/** A plain object, the first thing every protocol guard checks. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields of a `reply`, once its `type` has been read. */
export function isReplyFields(value: Record<string, unknown>): boolean {
  return typeof value.requestId === 'number' && typeof value.ok === 'boolean';
}

interface VsCodeApi<W, S> {
  postMessage(message: W): void;
  getState(): S | undefined;
  setState(state: S): void;
}
declare function acquireVsCodeApi<W, S>(): VsCodeApi<W, S>;

export interface Bridge<H extends { type: string }, W extends { type: string }, S> {
  post(message: W): void;
  /** Posts `make(requestId)` and resolves with the host's reply (rejects never: `ok` says). */
  request(make: (requestId: number) => W): Promise<ReplyMessage>;
  /** What setState saved last, or undefined on a first open. */
  readonly saved: S | undefined;
  save(state: S): void;
  /** Starts listening, then tells the host the page is ready for its messages. */
  start(handler: (message: Exclude<H, ReplyMessage>) => void): void;
}

export function connect<H extends { type: string }, W extends { type: string }, S>(isHostMessage: (value: unknown) => value is H, ready: W): Bridge<H, W, S> {
  const api = acquireVsCodeApi<W, S>();
  const waiting = new Map<number, (reply: ReplyMessage) => void>();
  let nextRequestId = 1;
  return {
    post: (message) => api.postMessage(message),
    request(make) {
      const requestId = nextRequestId++;
      return new Promise<ReplyMessage>((resolve) => {
        waiting.set(requestId, resolve);
        api.postMessage(make(requestId));
      });
    },
    saved: api.getState(),
    save: (state) => api.setState(state),
    start(handler) {
      window.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (!isHostMessage(event.data)) return;
        const message = event.data as H;
        if (isReply(message)) {
          const resolve = waiting.get(message.requestId);
          waiting.delete(message.requestId);
          resolve?.(message);
          return;
        }
        handler(message as Exclude<H, ReplyMessage>);
      });
      api.postMessage(ready);
    },
  };
}

function isReply(message: { type: string }): message is ReplyMessage {
  return message.type === 'reply';
}
