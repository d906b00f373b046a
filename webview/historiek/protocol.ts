// The one protocol between the historiek timeline (webview) and its host (src/extension). Both
// sides import it; every incoming message is checked with the guards below before it is read.
import type { Gebeurtenis, ReplayRule } from '../../src/core/historiek/types';
import { isRecord, isReplyFields, type ReplyMessage } from '../components/bridge';

export type { Gebeurtenis, ReplayRule };

/** Everything the timeline shows for one subject (a vereniging). */
export interface HistoriekView {
  /** `V0001001`. */
  subject: string;
  /** What the registry calls it: `vCode`. */
  subjectName: string;
  registry: string;
  environment: string;
  /** The request it came from: `GET /v1/verenigingen/V0001001/historiek`. */
  source: string;
  /** When the host read it (ISO). */
  fetchedAt: string;
  gebeurtenissen: Gebeurtenis[];
  replay: Record<string, ReplayRule[]>;
}

/** Host → webview. */
export type HostMessage =
  | { type: 'loading'; subject: string; source: string }
  | { type: 'show'; view: HistoriekView }
  | { type: 'failed'; subject: string; message: string; hint?: string }
  | ReplyMessage;

/** Webview → host. */
export type WebviewMessage = { type: 'ready' } | { type: 'refresh'; requestId: number } | { type: 'copy'; requestId: number; text: string };

/** What the user chose, kept with setState so a reloaded panel comes back as it was. */
export interface HistoriekUi {
  /** Gebeurtenis type filter ('' = all). */
  type: string;
  initiator: string;
  search: string;
  /** Index (in the historiek) of the selected gebeurtenis. */
  active: number;
  /** Index of the gebeurtenis pinned for comparison. */
  pinned?: number;
  /** The state shown is the one just before the selected gebeurtenis, or just after it. */
  moment: 'before' | 'after';
  tab: 'data' | 'state' | 'compare';
  /** Compare the gebeurtenissen' data, or the states at the two moments. */
  compare: 'data' | 'state';
}

export interface HistoriekState {
  view?: HistoriekView;
  ui?: HistoriekUi;
  loading?: { subject: string; source: string };
  failed?: { subject: string; message: string; hint?: string };
}

function isGebeurtenis(value: unknown): value is Gebeurtenis {
  return isRecord(value) && typeof value.index === 'number' && typeof value.type === 'string' && typeof value.beschrijving === 'string' && typeof value.initiator === 'string' && typeof value.tijdstip === 'string';
}

export function isHistoriekView(value: unknown): value is HistoriekView {
  return (
    isRecord(value) &&
    typeof value.subject === 'string' &&
    typeof value.subjectName === 'string' &&
    typeof value.registry === 'string' &&
    typeof value.environment === 'string' &&
    typeof value.source === 'string' &&
    typeof value.fetchedAt === 'string' &&
    Array.isArray(value.gebeurtenissen) &&
    value.gebeurtenissen.every(isGebeurtenis) &&
    isRecord(value.replay)
  );
}

export function isHostMessage(value: unknown): value is HostMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'loading':
      return typeof value.subject === 'string' && typeof value.source === 'string';
    case 'show':
      return isHistoriekView(value.view);
    case 'failed':
      return typeof value.subject === 'string' && typeof value.message === 'string' && (value.hint === undefined || typeof value.hint === 'string');
    case 'reply':
      return isReplyFields(value);
    default:
      return false;
  }
}

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'refresh':
      return typeof value.requestId === 'number';
    case 'copy':
      return typeof value.requestId === 'number' && typeof value.text === 'string';
    default:
      return false;
  }
}
