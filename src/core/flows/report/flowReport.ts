// The redacted view of a flow run that every flow reporter and the flow-run panel read: secrets
// (and credential headers, parameters, JSON fields) are out of every request, response, input,
// output and criterion value before anything is printed.

import { REDACTED, Redactor } from '../../history/redactor';
import type { ValidationResult } from '../../openapi/types';
import type { CriterionResult } from '../evaluateCriterion';
import type { ActionTaken, FlowRunResult, StepRun, StepStatus, StepTargetInfo, WorkflowRun } from '../flowRunTypes';
import type { CostNote } from '../stepSender';

export interface ReportedAttempt {
  attempt: number;
  durationMs: number;
  passed: boolean;
  reason?: string;
  request?: { method: string; url: string; headers: [string, string][]; body?: string };
  response?: { status: number; statusText: string; headers: [string, string][]; contentType?: string; size: number; body: string; truncated: boolean; binary: boolean };
  error?: { code: string; message: string; hint?: string };
  criteria: CriterionResult[];
  cost?: CostNote;
  validation?: ValidationResult;
  timings?: { totalMs: number; firstByteMs?: number };
}

export interface ReportedStep {
  stepId: string;
  description?: string;
  target: StepTargetInfo;
  status: StepStatus;
  durationMs: number;
  parameters: { name: string; in?: string; value: unknown }[];
  body?: unknown;
  attempts: ReportedAttempt[];
  actions: ActionTaken[];
  outputs: Record<string, unknown>;
  child?: ReportedWorkflow;
}

export interface ReportedWorkflow {
  workflowId: string;
  summary?: string;
  description?: string;
  file: string;
  status: WorkflowRun['status'];
  failure?: WorkflowRun['failure'];
  endedBy?: WorkflowRun['endedBy'];
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  steps: ReportedStep[];
  durationMs: number;
}

export interface FlowReport {
  file: string;
  title?: string;
  description?: string;
  environment?: string;
  workflowId: string;
  passed: boolean;
  cancelled: boolean;
  durationMs: number;
  notices: string[];
  costs: CostNote[];
  workflows: ReportedWorkflow[];
  summary: { steps: number; passed: number; recovered: number; handled: number; failed: number };
}

/** Strings anywhere in a value go through the redactor; object members named like credentials are blanked. */
export function redactValue(value: unknown, redactor: Redactor, depth = 0): unknown {
  if (typeof value === 'string') return redactor.text(value);
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redactor, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, typeof item === 'string' && redactor.text(JSON.stringify({ [key]: item })).includes(REDACTED) ? REDACTED : redactValue(item, redactor, depth + 1)]),
  );
}

function redactCriterion(result: CriterionResult, redactor: Redactor): CriterionResult {
  return {
    ...result,
    contextValue: redactValue(result.contextValue, redactor),
    evaluatedCondition: result.evaluatedCondition && redactor.text(result.evaluatedCondition),
    comparisons: result.comparisons.map((c) => ({ ...c, leftValue: redactValue(c.leftValue, redactor), rightValue: redactValue(c.rightValue, redactor) })),
    matches: result.matches?.map((m) => redactValue(m, redactor)),
    error: result.error && redactor.text(result.error),
  };
}

/** One step run, redacted (the flow-run panel reports steps as they end). */
export function reportStep(step: StepRun, redactor: Redactor): ReportedStep {
  const reported: ReportedStep = {
    stepId: step.stepId,
    target: step.target,
    status: step.status,
    durationMs: Math.round(step.durationMs),
    parameters: step.parameters.map((p) => ({ ...p, value: p.in === 'header' && redactor.isCredentialHeader(p.name) ? REDACTED : p.in === 'query' && redactor.isCredentialParameter(p.name) ? REDACTED : redactValue(p.value, redactor) })),
    attempts: step.attempts.map((attempt): ReportedAttempt => {
      const record = attempt.record && redactor.record(attempt.record);
      const out: ReportedAttempt = {
        attempt: attempt.attempt,
        durationMs: Math.round(attempt.durationMs),
        passed: attempt.passed,
        criteria: attempt.criteria.map((c) => redactCriterion(c, redactor)),
      };
      if (attempt.reason) out.reason = redactor.text(attempt.reason);
      if (attempt.cost) out.cost = attempt.cost;
      if (record) {
        out.request = { method: record.request.method, url: record.request.url, headers: record.request.headers };
        if (record.request.bodyPreview !== undefined) out.request.body = record.request.bodyPreview;
        out.timings = { totalMs: Math.round(record.timings.totalMs), firstByteMs: record.timings.firstByteMs === undefined ? undefined : Math.round(record.timings.firstByteMs) };
        if (record.response) {
          out.response = {
            status: record.response.status,
            statusText: record.response.statusText,
            headers: record.response.headers,
            contentType: record.response.body.contentType,
            size: record.response.body.size,
            body: record.response.body.preview,
            truncated: record.response.body.previewTruncated,
            binary: record.response.body.encoding === 'binary',
          };
        }
        if (record.error) out.error = record.error;
        if (record.validation) out.validation = record.validation;
      }
      return out;
    }),
    actions: step.actions.map((a) => ({ ...a, criteria: a.criteria.map((c) => redactCriterion(c, redactor)) })),
    outputs: redactValue(step.outputs, redactor) as Record<string, unknown>,
  };
  if (step.description) reported.description = step.description;
  if (step.body !== undefined) reported.body = redactValue(step.body, redactor);
  if (step.child) reported.child = reportWorkflow(step.child, redactor);
  return reported;
}

export function reportWorkflow(run: WorkflowRun, redactor: Redactor): ReportedWorkflow {
  const reported: ReportedWorkflow = {
    workflowId: run.workflowId,
    file: run.file,
    status: run.status,
    inputs: redactValue(run.inputs, redactor) as Record<string, unknown>,
    outputs: redactValue(run.outputs, redactor) as Record<string, unknown>,
    steps: run.steps.map((s) => reportStep(s, redactor)),
    durationMs: Math.round(run.durationMs),
  };
  if (run.summary) reported.summary = run.summary;
  if (run.description) reported.description = run.description;
  if (run.failure) reported.failure = { ...run.failure, reason: redactor.text(run.failure.reason) };
  if (run.endedBy) reported.endedBy = run.endedBy;
  return reported;
}

/** Every step of every workflow, nested workflow steps included, in the order they ran. */
export function allSteps(workflows: readonly ReportedWorkflow[]): ReportedStep[] {
  return workflows.flatMap((w) => w.steps.flatMap((s) => [s, ...(s.child ? allSteps([s.child]) : [])]));
}

export function buildFlowReport(result: FlowRunResult, redactor: Redactor, info: { title?: string; description?: string; file?: string } = {}): FlowReport {
  const workflows = result.workflows.map((w) => reportWorkflow(w, redactor));
  const steps = allSteps(workflows);
  const count = (status: StepStatus) => steps.filter((s) => s.status === status).length;
  return {
    file: info.file ?? result.file,
    title: info.title,
    description: info.description,
    environment: result.environment,
    workflowId: result.workflowId,
    passed: result.passed,
    cancelled: result.cancelled,
    durationMs: Math.round(result.durationMs),
    notices: result.notices.map((n) => redactor.text(n)),
    costs: result.costs,
    workflows,
    summary: { steps: steps.length, passed: count('passed'), recovered: count('recovered'), handled: count('handled'), failed: count('failed') },
  };
}
