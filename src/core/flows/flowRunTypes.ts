// What a flow run produces: per workflow the steps as they ran (a step visited twice by a goto
// is two entries), per step every attempt with its request, response and criteria, and the action
// that followed. Reporters, the flow-run panel and the test-set baseline all read this.

import type { ResponseRecord } from '../send/types';
import type { CriterionResult } from './evaluateCriterion';
import type { CostNote } from './stepSender';

/**
 * `passed` first time; `recovered` after a retry, or handled by a goto and the workflow then
 * passed; `handled` failed and ended by an onFailure `end`; `failed`; `cancelled`.
 */
export type StepStatus = 'passed' | 'recovered' | 'handled' | 'failed' | 'cancelled';

export interface StepTargetInfo {
  kind: 'operation' | 'http' | 'workflow';
  /** operationId, request name or workflowId. */
  id: string;
  method?: string;
  /** Path template of the operation. */
  path?: string;
  summary?: string;
  source?: string;
  registry?: string;
}

export interface AttemptRecord {
  attempt: number;
  startedAt: string;
  durationMs: number;
  /** Absent when the request could not be built (an expression failed, a body file is missing). */
  record?: ResponseRecord;
  cost?: CostNote;
  criteria: CriterionResult[];
  passed: boolean;
  /** Why it failed: the transport error, the first failed criterion, the build error. */
  reason?: string;
}

export interface ActionTaken {
  on: 'success' | 'failure';
  type: 'next' | 'end' | 'goto' | 'retry' | 'stop';
  name?: string;
  from?: 'step' | 'workflow';
  stepId?: string;
  workflowId?: string;
  /** For retry: which retry this is and the limit, and the wait before it. */
  retry?: { number: number; limit: number; delayMs: number; delaySource: 'retryAfter' | 'Retry-After header' | 'none' };
  /** Criteria of the chosen action, evaluated. */
  criteria: CriterionResult[];
}

export interface StepRun {
  workflowId: string;
  stepId: string;
  description?: string;
  target: StepTargetInfo;
  status: StepStatus;
  /** The values the step was given: parameters by `in:name`, and the body when there is one. */
  parameters: { name: string; in?: string; value: unknown }[];
  body?: unknown;
  attempts: AttemptRecord[];
  actions: ActionTaken[];
  outputs: Record<string, unknown>;
  /** A step that calls a workflow: that workflow's run. */
  child?: WorkflowRun;
  startedAt: string;
  durationMs: number;
}

export interface WorkflowRun {
  workflowId: string;
  summary?: string;
  description?: string;
  file: string;
  status: 'passed' | 'failed' | 'cancelled';
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  steps: StepRun[];
  /** The step and reason that failed the workflow. */
  failure?: { stepId?: string; reason: string };
  /** Set when an `end` action stopped it before the last step. */
  endedBy?: { stepId: string; action: string; on: 'success' | 'failure' };
  durationMs: number;
}

export interface FlowRunResult {
  file: string;
  environment?: string;
  /** The workflow asked for; runs of the workflows it depends on come first in `workflows`. */
  workflowId: string;
  workflows: WorkflowRun[];
  passed: boolean;
  cancelled: boolean;
  /** Secret values seen (inputs of format password, what the sender used) — for redaction. */
  secrets: string[];
  notices: string[];
  /** Sum of step costs per unit. */
  costs: CostNote[];
  durationMs: number;
}

export type FlowEvent =
  | { type: 'workflow-start'; workflowId: string; depth: number }
  | { type: 'step-start'; workflowId: string; stepId: string; target: StepTargetInfo; depth: number }
  | { type: 'attempt'; workflowId: string; stepId: string; attempt: AttemptRecord; depth: number }
  | { type: 'wait'; workflowId: string; stepId: string; delayMs: number; depth: number }
  | { type: 'step-end'; step: StepRun; depth: number }
  | { type: 'workflow-end'; run: WorkflowRun; depth: number }
  | { type: 'notice'; message: string };
