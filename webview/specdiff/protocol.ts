// The one protocol between the spec diff panel (webview) and its host (src/extension). Both sides
// import it; every incoming message is checked with the guards below before it is read.
import type { DiffView, DiffViewChange, DiffViewGroup, DiffViewImpact, DiffViewSource } from '../../src/core/specdiff/diffView';
import { isRecord, isReplyFields, type ReplyMessage } from '../components/bridge';

export type { DiffView, DiffViewChange, DiffViewGroup, DiffViewImpact, DiffViewSource };

/** The two documents compared, as the host picked them: what a restored panel compares again. */
export interface ComparedPair {
  old: { source: string; label: string };
  new: { source: string; label: string };
}

/** Host → webview. */
export type HostMessage =
  | { type: 'loading'; oldLabel: string; newLabel: string; pair: ComparedPair }
  | { type: 'show'; view: DiffView }
  | { type: 'failed'; message: string; hint?: string }
  | ReplyMessage;

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  /** Open the old or the new document of a change at its line. */
  | { type: 'openSource'; requestId: number; changeId: string; side: 'old' | 'new' }
  /** Open an impacted place (index into `DiffView.impacts`). */
  | { type: 'openImpact'; requestId: number; impact: number }
  /** Fixes of these impacts (all when absent), shown in the refactor preview before anything changes. */
  | { type: 'applyFixes'; requestId: number; impacts?: number[] }
  /** Compare the other way round. */
  | { type: 'swap'; requestId: number }
  /** Read both documents and the workspace again. */
  | { type: 'refresh'; requestId: number };

export interface SpecDiffState {
  view?: DiffView;
  /** Saved so that after a window reload the host compares the same two documents again. */
  pair?: ComparedPair;
  /** Only breaking changes, or everything. */
  filter?: 'all' | 'breaking';
}

const SEVERITIES = new Set(['breaking', 'warning', 'info']);

function isSide(value: unknown): value is { source: string; label: string } {
  return isRecord(value) && typeof value.source === 'string' && value.source !== '' && typeof value.label === 'string';
}

export function isComparedPair(value: unknown): value is ComparedPair {
  return isRecord(value) && isSide(value.old) && isSide(value.new);
}

function isSource(value: unknown): value is DiffViewSource {
  return isRecord(value) && (value.side === 'old' || value.side === 'new') && typeof value.source === 'string' && typeof value.label === 'string' && (value.line === undefined || typeof value.line === 'number');
}

function isChange(value: unknown): value is DiffViewChange {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.kind === 'string' &&
    SEVERITIES.has(value.severity as string) &&
    typeof value.message === 'string' &&
    (value.evidence === undefined || typeof value.evidence === 'string') &&
    Array.isArray(value.sources) &&
    value.sources.every(isSource) &&
    Array.isArray(value.impacts) &&
    value.impacts.every((i) => typeof i === 'number')
  );
}

function isGroup(value: unknown): value is DiffViewGroup {
  return isRecord(value) && typeof value.title === 'string' && SEVERITIES.has(value.severity as string) && Array.isArray(value.changes) && value.changes.every(isChange);
}

function isImpact(value: unknown): value is DiffViewImpact {
  return (
    isRecord(value) &&
    typeof value.index === 'number' &&
    typeof value.file === 'string' &&
    typeof value.label === 'string' &&
    typeof value.line === 'number' &&
    typeof value.character === 'number' &&
    typeof value.message === 'string' &&
    SEVERITIES.has(value.severity as string) &&
    (value.fix === undefined || typeof value.fix === 'string')
  );
}

export function isDiffView(value: unknown): value is DiffView {
  return (
    isRecord(value) &&
    typeof value.oldLabel === 'string' &&
    typeof value.newLabel === 'string' &&
    typeof value.title === 'string' &&
    isRecord(value.counts) &&
    Array.isArray(value.groups) &&
    value.groups.every(isGroup) &&
    Array.isArray(value.impacts) &&
    value.impacts.every(isImpact) &&
    typeof value.filesRead === 'number' &&
    typeof value.fixes === 'number'
  );
}

export function isHostMessage(value: unknown): value is HostMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'loading':
      return typeof value.oldLabel === 'string' && typeof value.newLabel === 'string' && isComparedPair(value.pair);
    case 'show':
      return isDiffView(value.view);
    case 'failed':
      return typeof value.message === 'string' && (value.hint === undefined || typeof value.hint === 'string');
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
    case 'openSource':
      return typeof value.requestId === 'number' && typeof value.changeId === 'string' && (value.side === 'old' || value.side === 'new');
    case 'openImpact':
      return typeof value.requestId === 'number' && typeof value.impact === 'number' && Number.isInteger(value.impact) && value.impact >= 0;
    case 'applyFixes':
      return typeof value.requestId === 'number' && (value.impacts === undefined || (Array.isArray(value.impacts) && value.impacts.length <= 100_000 && value.impacts.every((i) => Number.isInteger(i) && (i as number) >= 0)));
    case 'swap':
    case 'refresh':
      return typeof value.requestId === 'number';
    default:
      return false;
  }
}
