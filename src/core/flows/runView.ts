// What the flow-run panel shows, built from the engine's events as they come: the workflow's
// steps in document order (pending until they start), each step that ran with its redacted
// report (requests, responses, criteria with both sides, actions: retries, gotos, ends), the
// projected cost before the run and the cost spent after. Pure: the editor feeds it events and
// posts the result; tests feed it a recorded run.

import type { Redactor } from '../history/redactor';
import type { FlowEvent, FlowRunResult, StepStatus, StepTargetInfo } from './flowRunTypes';
import type { LoadedFlow } from './loadFlow';
import type { ProjectedCost } from './projectedCost';
import { redactValue, reportStep, type ReportedStep } from './report/flowReport';
import type { CostNote } from './stepSender';

/** A step's state in the panel: the engine's outcome, or where it is before that. */
export type StepViewStatus = StepStatus | 'pending' | 'running' | 'waiting' | 'skipped';

export interface StepView {
  /** Unique in the run (a step that runs twice is two entries). */
  key: string;
  workflowId: string;
  stepId: string;
  description?: string;
  target: StepTargetInfo;
  status: StepViewStatus;
  /** Attempts made so far (a retrying step shows its count while it waits). */
  attempts: number;
  /** The wait before the next retry, while waiting. */
  waitMs?: number;
  /** The step's report once it ended. */
  run?: ReportedStep;
  /** Where the step is written: 1-based line of the Arazzo file. */
  line?: number;
}

export type RunState = 'confirm' | 'running' | 'passed' | 'failed' | 'cancelled';

export interface FlowRunView {
  runId: string;
  /** The Arazzo file as shown (workspace-relative or the registry's folder). */
  file: string;
  title?: string;
  workflowId: string;
  summary?: string;
  environment?: string;
  state: RunState;
  steps: StepView[];
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  projected?: ProjectedCost;
  /** Spent, per unit (from the send path's cost notes). */
  costs: CostNote[];
  notices: string[];
  failure?: { stepId?: string; reason: string };
  /** Set when an end action stopped the workflow before its last step. */
  endedBy?: { stepId: string; action: string; on: 'success' | 'failure' };
  durationMs?: number;
  /** The step the run started from (rerun from a step). */
  resumedFrom?: string;
  /** Absolute path of the Arazzo file (a restored panel reruns from it). */
  location?: string;
}

export interface ViewStart {
  runId: string;
  file: string;
  flow: LoadedFlow;
  workflowId: string;
  environment?: string;
  projected?: ProjectedCost;
  /** The run waits for the user's go (a paid run). */
  confirm?: boolean;
  resumedFrom?: string;
}

/** The panel before the first request: every step of the workflow, pending. */
export function initialView(start: ViewStart): FlowRunView {
  const { flow, workflowId } = start;
  const workflow = flow.document.workflows.find((w) => w.workflowId === workflowId);
  const index = flow.document.workflows.findIndex((w) => w.workflowId === workflowId);
  const view: FlowRunView = {
    runId: start.runId,
    file: start.file,
    title: flow.document.info.title,
    workflowId,
    state: start.confirm ? 'confirm' : 'running',
    steps: [],
    inputs: {},
    outputs: {},
    costs: [],
    notices: [],
  };
  if (workflow?.summary) view.summary = workflow.summary;
  if (start.environment) view.environment = start.environment;
  if (start.projected) view.projected = start.projected;
  if (start.resumedFrom) view.resumedFrom = start.resumedFrom;
  let from = start.resumedFrom ? Math.max(0, workflow?.steps.findIndex((s) => s.stepId === start.resumedFrom) ?? 0) : 0;
  if (from < 0) from = 0;
  (workflow?.steps ?? []).forEach((step, s) => {
    const entry: StepView = { key: `plan:${step.stepId}`, workflowId, stepId: step.stepId, target: targetOf(flow, workflowId, step.stepId), status: s < from ? 'skipped' : 'pending', attempts: 0 };
    if (step.description) entry.description = step.description;
    entry.line = flow.parsed.locate(['workflows', index, 'steps', s]).start.line;
    view.steps.push(entry);
  });
  return view;
}

function targetOf(flow: LoadedFlow, workflowId: string, stepId: string): StepTargetInfo {
  const target = flow.targets.get(workflowId)?.get(stepId);
  if (!target) return { kind: 'operation', id: stepId };
  if (target.kind === 'operation') return { kind: 'operation', id: target.operation.id, method: target.operation.method, path: target.operation.path, summary: target.operation.summary, source: target.source.name, registry: target.source.registry?.entry.id };
  if (target.kind === 'http') return { kind: 'http', id: target.request.name ?? stepId, method: target.request.requestLine?.method, source: target.source.name };
  return { kind: 'workflow', id: target.workflowId };
}

let counter = 0;

/**
 * The view after one event. Only the run's own workflow (depth 0) gets rows; what a nested
 * workflow did shows in its calling step's report (`run.child`). Returns a new view object
 * (its steps array too) so the host can post it as is.
 */
export function applyEvent(view: FlowRunView, event: FlowEvent, redactor: Redactor): FlowRunView {
  if (event.type === 'notice') return { ...view, notices: [...view.notices, redactor.text(event.message)] };
  if (!('depth' in event) || event.depth > 0) return view;
  const steps = view.steps.slice();
  switch (event.type) {
    case 'workflow-start':
    case 'workflow-end':
      return view;
    case 'step-start': {
      // The pending row of this step (a goto forward skipped the rows before it), or a new row
      // for a step run again (a goto back) or a step of a workflow this one depends on.
      const at = steps.findIndex((s) => s.status === 'pending' && s.stepId === event.stepId && s.workflowId === event.workflowId);
      const running: StepView = { key: `run:${++counter}`, workflowId: event.workflowId, stepId: event.stepId, target: event.target, status: 'running', attempts: 0 };
      if (at >= 0) {
        const planned = steps[at]!;
        if (planned.description) running.description = planned.description;
        if (planned.line) running.line = planned.line;
        for (let i = 0; i < at; i++) if (steps[i]!.status === 'pending' && steps[i]!.workflowId === event.workflowId) steps[i] = { ...steps[i]!, status: 'skipped' };
        steps[at] = running;
      } else {
        const plan = view.steps.find((s) => s.stepId === event.stepId && s.workflowId === event.workflowId);
        if (plan?.description) running.description = plan.description;
        if (plan?.line) running.line = plan.line;
        // A step run again goes after the last row that ran, before the pending ones.
        const firstPending = steps.findIndex((s) => s.status === 'pending');
        const planned = view.steps.filter((s) => s.workflowId === view.workflowId);
        if (event.workflowId === view.workflowId) {
          // The rows after it in the workflow are pending again.
          const order = planned.map((s) => s.stepId);
          const position = order.indexOf(event.stepId);
          const rest = position >= 0 ? order.slice(position + 1) : [];
          const kept = steps.filter((s) => s.status !== 'pending');
          const again = rest.map((stepId) => {
            const source = planned.find((s) => s.stepId === stepId)!;
            return { ...source, key: `plan:${stepId}:${counter}`, status: 'pending' as const, attempts: 0, run: undefined, waitMs: undefined };
          });
          return { ...view, steps: [...kept, running, ...again] };
        }
        steps.splice(firstPending >= 0 ? firstPending : steps.length, 0, running);
      }
      return { ...view, steps };
    }
    case 'attempt':
    case 'wait': {
      const at = lastActive(steps, event.workflowId, event.stepId);
      if (at < 0) return view;
      const row = { ...steps[at]! };
      if (event.type === 'attempt') {
        row.attempts = event.attempt.attempt;
        row.status = 'running';
        delete row.waitMs;
      } else {
        row.status = 'waiting';
        row.waitMs = event.delayMs;
      }
      steps[at] = row;
      return { ...view, steps };
    }
    case 'step-end': {
      const step = event.step;
      const report = reportStep(step, redactor);
      const at = lastActive(steps, step.workflowId, step.stepId);
      if (at >= 0) {
        steps[at] = { ...steps[at]!, status: step.status, attempts: step.attempts.length, run: report, waitMs: undefined };
      } else {
        // A step a retry ran first (retry with a stepId) ends without having started a row.
        const plan = view.steps.find((s) => s.stepId === step.stepId && s.workflowId === step.workflowId);
        const row: StepView = { key: `run:${++counter}`, workflowId: step.workflowId, stepId: step.stepId, target: step.target, status: step.status, attempts: step.attempts.length, run: report };
        if (plan?.line) row.line = plan.line;
        const running = steps.findIndex((s) => s.status === 'running' || s.status === 'waiting');
        steps.splice(running >= 0 ? running : steps.length, 0, row);
      }
      return { ...view, steps, costs: addCosts(view.costs, step.attempts.flatMap((a) => (a.cost ? [a.cost] : []))) };
    }
  }
}

function lastActive(steps: readonly StepView[], workflowId: string, stepId: string): number {
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    if (s.workflowId === workflowId && s.stepId === stepId && (s.status === 'running' || s.status === 'waiting')) return i;
  }
  return -1;
}

function addCosts(total: readonly CostNote[], more: readonly CostNote[]): CostNote[] {
  const byUnit = new Map(total.map((c) => [c.unit, { ...c }]));
  for (const cost of more) {
    const item = byUnit.get(cost.unit);
    if (item) item.amount += cost.amount;
    else byUnit.set(cost.unit, { amount: cost.amount, unit: cost.unit });
  }
  return [...byUnit.values()];
}

/** The view when the run is over: its outcome, outputs, costs; rows that never ran are `skipped`. */
export function finishView(view: FlowRunView, result: FlowRunResult, redactor: Redactor): FlowRunView {
  const run = result.workflows.find((w) => w.workflowId === result.workflowId) ?? result.workflows[result.workflows.length - 1];
  const steps = view.steps.map((s): StepView => (s.status === 'pending' || s.status === 'running' || s.status === 'waiting' ? { ...s, status: result.cancelled && s.status !== 'pending' ? 'cancelled' : 'skipped', waitMs: undefined } : s));
  const finished: FlowRunView = {
    ...view,
    steps,
    state: result.cancelled ? 'cancelled' : result.passed ? 'passed' : 'failed',
    inputs: run ? (redactValue(run.inputs, redactor) as Record<string, unknown>) : view.inputs,
    outputs: run ? (redactValue(run.outputs, redactor) as Record<string, unknown>) : {},
    costs: result.costs.length ? result.costs : view.costs,
    notices: result.notices.map((n) => redactor.text(n)),
    durationMs: Math.round(result.durationMs),
  };
  const failed = result.workflows.find((w) => w.failure && w.status !== 'passed');
  if (failed?.failure) finished.failure = { ...failed.failure, reason: redactor.text(failed.failure.reason) };
  if (run?.endedBy) finished.endedBy = run.endedBy;
  return finished;
}

/** A run that did not start (the flow has errors, inputs were declined): one reason. */
export function failedView(view: FlowRunView, reason: string): FlowRunView {
  return { ...view, state: 'failed', failure: { reason }, steps: view.steps.map((s) => (s.status === 'pending' ? { ...s, status: 'skipped' } : s)) };
}
