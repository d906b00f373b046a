// The one protocol between the flow-run panel (webview) and its host (src/extension). Both sides
// import it; every incoming message is checked with the guards below before it is read.
import type { FlowRunView, StepView, StepViewStatus } from '../../src/core/flows/runView';
import type { ReportedAttempt, ReportedStep } from '../../src/core/flows/report/flowReport';
import { isRecord, isReplyFields, type ReplyMessage } from '../components/bridge';

export type { FlowRunView, ReportedAttempt, ReportedStep, StepView, StepViewStatus };

/** Host → webview. */
export type HostMessage = { type: 'show'; view: FlowRunView } | ReplyMessage;

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  /** Go ahead with a run that waits for confirmation (projected cost shown). */
  | { type: 'start'; runId: string }
  | { type: 'cancel'; runId: string }
  /** Run the workflow again; from a step: earlier steps' outputs come from this run. */
  | { type: 'rerun'; runId: string; fromStepId?: string }
  /** Show the step in its Arazzo file. */
  | { type: 'reveal'; runId: string; stepId: string }
  /** Open one attempt's response in the response panel. */
  | { type: 'openResponse'; runId: string; stepKey: string; attempt: number }
  | { type: 'copy'; requestId: number; text: string };

/** What the user chose, kept with setState so a reloaded panel comes back as it was. */
export interface FlowRunUi {
  /** Key of the step whose detail is open. */
  selected?: string;
}

export interface FlowRunState {
  view?: FlowRunView;
  ui?: FlowRunUi;
}

const RUN_STATES = new Set(['confirm', 'running', 'passed', 'failed', 'cancelled']);
const STEP_STATES = new Set<StepViewStatus>(['passed', 'recovered', 'handled', 'failed', 'cancelled', 'pending', 'running', 'waiting', 'skipped']);

function isStepView(value: unknown): value is StepView {
  return (
    isRecord(value) &&
    typeof value.key === 'string' &&
    typeof value.workflowId === 'string' &&
    typeof value.stepId === 'string' &&
    STEP_STATES.has(value.status as StepViewStatus) &&
    typeof value.attempts === 'number' &&
    isRecord(value.target) &&
    typeof value.target.id === 'string' &&
    (value.run === undefined || (isRecord(value.run) && Array.isArray(value.run.attempts) && Array.isArray(value.run.actions)))
  );
}

export function isFlowRunView(value: unknown): value is FlowRunView {
  return (
    isRecord(value) &&
    typeof value.runId === 'string' &&
    typeof value.file === 'string' &&
    typeof value.workflowId === 'string' &&
    RUN_STATES.has(value.state as string) &&
    Array.isArray(value.steps) &&
    value.steps.every(isStepView) &&
    isRecord(value.inputs) &&
    isRecord(value.outputs) &&
    Array.isArray(value.costs) &&
    Array.isArray(value.notices)
  );
}

export function isHostMessage(value: unknown): value is HostMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'show':
      return isFlowRunView(value.view);
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
    case 'start':
    case 'cancel':
      return typeof value.runId === 'string';
    case 'rerun':
      return typeof value.runId === 'string' && (value.fromStepId === undefined || typeof value.fromStepId === 'string');
    case 'reveal':
      return typeof value.runId === 'string' && typeof value.stepId === 'string';
    case 'openResponse':
      return typeof value.runId === 'string' && typeof value.stepKey === 'string' && Number.isInteger(value.attempt);
    case 'copy':
      return typeof value.requestId === 'number' && typeof value.text === 'string';
    default:
      return false;
  }
}
