// The one protocol between the Send All run summary (webview) and its host (src/extension).
import { isRecord, isReplyFields, type ReplyMessage } from '../components/bridge';

export type Tone = 'success' | 'redirect' | 'client-error' | 'server-error' | 'info' | 'failed';

/** One request of the run, as the summary lists it (secrets already masked by the host). */
export interface SummaryRow {
  /** Position in the run (1-based, as shown). */
  n: number;
  /** `# @name`, the `###` title, or the request line. */
  label: string;
  method: string;
  /** Path and query of the URL. */
  path: string;
  /** `200 OK`, or `failed: timeout` when no response came. */
  status: string;
  tone: Tone;
  ms?: number;
  /** `valid`, `2 schema errors`, or `not validated`. */
  validation: string;
  validationTone: 'valid' | 'invalid' | 'none';
  /** `3 passed`, `1 of 3 failed`, or '' without assertions. */
  assertions: string;
  outcome: 'passed' | 'failed';
  reason?: string;
  /** Ran first because a later request used its response. */
  asDependency: boolean;
  /** Set when there is a response record to open. */
  recordId?: string;
}

export interface SummaryView {
  /** The run's id: an `open` names it with the record. */
  runId: string;
  file: string;
  environment?: string;
  finishedAt: string;
  durationMs: number;
  passed: number;
  failed: number;
  rows: SummaryRow[];
}

export type HostMessage = { type: 'show'; view: SummaryView } | ReplyMessage;
export type WebviewMessage = { type: 'ready' } | { type: 'open'; requestId: number; runId: string; recordId: string };

export interface SummaryState {
  view?: SummaryView;
  active?: number;
}

function isRow(value: unknown): value is SummaryRow {
  return isRecord(value) && typeof value.n === 'number' && typeof value.label === 'string' && typeof value.method === 'string' && typeof value.path === 'string' && typeof value.status === 'string' && (value.outcome === 'passed' || value.outcome === 'failed');
}

export function isSummaryView(value: unknown): value is SummaryView {
  return isRecord(value) && typeof value.runId === 'string' && typeof value.file === 'string' && typeof value.durationMs === 'number' && Array.isArray(value.rows) && value.rows.every(isRow);
}

export function isHostMessage(value: unknown): value is HostMessage {
  if (!isRecord(value)) return false;
  if (value.type === 'show') return isSummaryView(value.view);
  if (value.type === 'reply') return isReplyFields(value);
  return false;
}

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (!isRecord(value)) return false;
  if (value.type === 'ready') return true;
  if (value.type === 'open') return typeof value.requestId === 'number' && typeof value.runId === 'string' && typeof value.recordId === 'string';
  return false;
}
