import { isRecord, isReplyFields, type ReplyMessage } from '../components/bridge';
// The one protocol between the ETag inspector (webview) and its host (src/extension). Both sides
// import this file; every incoming message is checked with the `is…` guards before anything acts.

/** What the inspector shows for one registry + environment, built by the host from the ETag store. */
export interface EtagInspectorView {
  registry: string;
  registryName: string;
  environment: string;
  /** When the host read the store (ISO). */
  readAt: string;
  resources: EtagResourceView[];
}

export type Tone = 'success' | 'info' | 'warning' | 'error';

export interface EtagResourceView {
  /** The resource's URL as the store keys it: refresh and forget name it. */
  url: string;
  /** Path and query, for the list. */
  path: string;
  etag: string;
  seenAt: string;
  /** "GET verenigingen.http:12 (haalOp)". */
  seenBy: string;
  /** What happened to the resource's ETag, newest first: sightings and conditional sends. */
  history: EtagHistoryRow[];
  /** Conditional sends that failed on a stale ETag (412). */
  conflicts: number;
}

export interface EtagHistoryRow {
  at: string;
  /** `seen`: a response carried the ETag; `If-Match` / `If-None-Match`: a request sent it. */
  kind: 'seen' | 'If-Match' | 'If-None-Match';
  etag: string;
  /** "200 OK", "412 Precondition Failed: the resource changed since this ETag", "304 Not Modified: unchanged". */
  outcome: string;
  tone: Tone;
  by: string;
  /** The header was filled from the store (not written in the request). */
  filled?: boolean;
}

/** Host → webview. */
export type HostMessage = { type: 'show'; view: EtagInspectorView } | ReplyMessage;

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  /** GET the resource now, through the send path (History, validation, the store sees its ETag). */
  | { type: 'refresh'; requestId: number; url: string }
  | { type: 'forget'; requestId: number; url: string }
  | { type: 'copy'; requestId: number; text: string };

/** What the webview keeps with setState: a hidden-then-shown panel rebuilds without the host. */
export interface EtagInspectorState {
  view?: EtagInspectorView;
  /** The URL of the selected resource. */
  selected?: string;
  filter?: string;
}

/** A resource URL the webview may name: http(s), no line breaks (it becomes a request line). */
export function isResourceUrl(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 8192 && /^https?:\/\/[^\s]+$/i.test(value);
}

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'refresh':
    case 'forget':
      return typeof value.requestId === 'number' && isResourceUrl(value.url);
    case 'copy':
      return typeof value.requestId === 'number' && typeof value.text === 'string' && value.text.length <= 65536;
    default:
      return false;
  }
}

export function isHostMessage(value: unknown): value is HostMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'show':
      return isRecord(value.view) && typeof value.view.registry === 'string' && Array.isArray(value.view.resources);
    case 'reply':
      return isReplyFields(value);
    default:
      return false;
  }
}
