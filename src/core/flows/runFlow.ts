// The flow engine: runs one workflow of a loaded flow, step by step, through the step sender.
//
// Per step: evaluate the parameters and body, send, judge the response by `successCriteria`
// (no criteria: any answer that is not a 5xx), evaluate the outputs, then act:
//   success → the first onSuccess action whose criteria pass (step's first, then the workflow's
//             not overridden by name); none: the next step. `end` ends the workflow; `goto`
//             jumps to a step, or runs a workflow and ends with its outcome (one-way transfer).
//   failure → the first onFailure action whose criteria pass; none: the workflow fails ("break
//             and return"). `retry` waits `retryAfter` SECONDS (a Retry-After header overrules
//             it), runs its stepId/workflowId first when it names one, and tries again, at most
//             `retryLimit` times (default 1); once that limit is spent the next matching action
//             is looked for. `goto` hands over; `end` ends the workflow without failing it.
// Action criteria see the step's full context: $statusCode, $response.*, $request.*, outputs.
// A step that failed and then got through (a retry that succeeded, a goto after which the
// workflow passed) is `recovered`, never `failed`. Every step run is bounded (maxStepRuns),
// every wait is bounded (maxRetryDelayMs) and cancellable.

import type { RequestBlock } from '../http/ast';
import type { ResponseRecord } from '../send/types';
import type { FailureActionObject, ParameterObject, StepObject, SuccessActionObject, WorkflowObject } from './arazzoTypes';
import { effectiveActions, effectiveParameters, type EffectiveAction } from './components';
import { evaluateCriteria, type CriterionResult } from './evaluateCriterion';
import { headerValue, type ExpressionContext, type MessageView, type SourceDescriptionView } from './evaluateExpression';
import { evaluateValue } from './evaluateValue';
import { operationRequest, overlayRequest, type EvaluatedParameter } from './buildStepRequest';
import type { ActionTaken, AttemptRecord, FlowEvent, FlowRunResult, StepRun, StepStatus, StepTargetInfo, WorkflowRun } from './flowRunTypes';
import type { HttpSource, LoadedFlow, StepTarget } from './loadFlow';
import { buildRequestBody } from './requestBody';
import type { CostNote, StepRequestSpec, StepSender } from './stepSender';
import { checkInputs, coerceInput, inputFields, inputsSchema, type InputField } from './workflowInputs';

export interface FlowRunHost {
  sender: StepSender;
  /** Bodies spilled to disk are read back (bounded) for expressions. */
  readFile(path: string): Promise<Uint8Array>;
  /** Waits before a retry; default a timer that the signal cancels. Tests pass a recorder. */
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
  /** A named request of a .http source, prepared with the run's variables; throws with a message when it cannot be. */
  prepareHttp?(source: HttpSource, request: RequestBlock, signal: AbortSignal): Promise<StepRequestSpec>;
  /**
   * A request of a .http source got its answer: the host keeps it for the requests after it that
   * name it (`{{login.response.body.$.token}}`) and returns the outcomes of the request's `??`
   * assertions, judged as `regx run` judges them — a failed one fails the step. Absent: the
   * step's own criteria only.
   */
  httpAnswered?(source: HttpSource, request: RequestBlock, record: ResponseRecord): Promise<HttpAssertionOutcome[]>;
  /** Required inputs that were not given: the editor asks; undefined = the user declined. */
  askInputs?(workflowId: string, missing: InputField[]): Promise<Record<string, unknown> | undefined>;
}

export interface HttpAssertionOutcome {
  /** The assertion as written, without `??`. */
  text: string;
  passed: boolean;
  /** Why it failed. */
  message?: string;
  /** A status assertion: with one, a 5xx answer is the assertion's to judge. */
  isStatus: boolean;
}

export interface FlowRunOptions {
  flow: LoadedFlow;
  /** Default: the first workflow of the file. */
  workflowId?: string;
  /** Given inputs; strings are converted to the type the inputs schema declares. */
  inputs?: Record<string, unknown>;
  environment?: string;
  signal?: AbortSignal;
  onEvent?(event: FlowEvent): void;
  /** Bound on step executions per workflow run (goto loops). Default 200. */
  maxStepRuns?: number;
  /** Bound on one retry wait, whatever retryAfter or Retry-After say. Default 5 minutes. */
  maxRetryDelayMs?: number;
  /** Rerun from a step: earlier steps' outputs come from this run of the same workflow. */
  resume?: { stepId: string; previous: WorkflowRun };
}

export class UnknownWorkflowError extends Error {}

const DEFAULT_MAX_STEP_RUNS = 200;
const DEFAULT_MAX_RETRY_DELAY_MS = 300_000;
const READ_BACK_LIMIT = 32 * 1024 * 1024;

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Retry-After: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterHeaderMs(record: ResponseRecord | undefined, now: number): number | undefined {
  const value = record?.response ? headerValue(record.response.headers, 'retry-after')?.trim() : undefined;
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A response body as text: from memory, or read back from its spill file up to 32 MB; else the preview. */
export async function bodyText(record: ResponseRecord, readFile: FlowRunHost['readFile']): Promise<string | undefined> {
  const body = record.response?.body;
  if (!body || body.encoding === 'binary' || body.size === 0) return undefined;
  if (body.bytes) return Buffer.from(body.bytes).toString('utf8');
  if (body.file && body.size <= READ_BACK_LIMIT) {
    try {
      return Buffer.from(await readFile(body.file)).toString('utf8');
    } catch {
      // the preview is what is left
    }
  }
  return body.preview;
}

/** JSON bodies parsed (runtime expressions point into them); XML and text stay text. */
export function parseBody(text: string | undefined, contentType: string | undefined): unknown {
  if (text === undefined) return undefined;
  const looksJson = contentType ? /[/+]json\b/i.test(contentType) : /^\s*[[{]/.test(text);
  if (!looksJson) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}'`;
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 60)}…` : json;
}

/** One line on why criteria failed: the first failing criterion with its evaluated sides. */
export function criteriaReason(results: readonly CriterionResult[]): string | undefined {
  const failed = results.find((r) => !r.passed);
  if (!failed) return undefined;
  if (failed.error) return `${failed.condition}: ${failed.error}`;
  if (failed.type === 'simple') {
    const comparison = failed.comparisons.find((c) => !c.passed) ?? failed.comparisons[0];
    if (!comparison) return `${failed.condition} is false`;
    if (comparison.operator === 'is true') return `${failed.condition}: ${comparison.left} is ${describe(comparison.leftValue)}, not true`;
    return `${failed.condition}: ${comparison.left} is ${describe(comparison.leftValue)}, ${comparison.right} is ${describe(comparison.rightValue)}`;
  }
  const condition = failed.evaluatedCondition ?? failed.condition;
  if (failed.type === 'regex') return `${failed.context} (${describe(failed.contextValue)}) does not match ${condition}`;
  return `${failed.type} ${condition} selects nothing in ${failed.context}`;
}

interface RunState {
  flow: LoadedFlow;
  host: FlowRunHost;
  options: FlowRunOptions;
  signal: AbortSignal;
  secrets: Set<string>;
  notices: string[];
  costs: Map<string, CostNote>;
  /** Finished workflow runs by flow file + workflowId, for $workflows and dependsOn. */
  finished: Map<string, WorkflowRun>;
  /** Step outputs of finished workflows, for $workflows.X.steps.Y.outputs. */
  finishedSteps: Map<string, Record<string, { outputs: Record<string, unknown> }>>;
  topLevel: WorkflowRun[];
}

function workflowKey(flow: LoadedFlow, workflowId: string): string {
  return `${flow.file}#${workflowId}`;
}

export async function runFlow(options: FlowRunOptions, host: FlowRunHost): Promise<FlowRunResult> {
  const started = performance.now();
  const { flow } = options;
  const workflowId = options.workflowId ?? flow.document.workflows[0]!.workflowId;
  if (!flow.document.workflows.some((w) => w.workflowId === workflowId)) {
    throw new UnknownWorkflowError(`no workflow '${workflowId}' in ${flow.file} (workflows: ${flow.document.workflows.map((w) => w.workflowId).join(', ')})`);
  }
  const state: RunState = {
    flow,
    host,
    options,
    signal: options.signal ?? new AbortController().signal,
    secrets: new Set(),
    notices: [...flow.notices],
    costs: new Map(),
    finished: new Map(),
    finishedSteps: new Map(),
    topLevel: [],
  };
  for (const notice of flow.notices) options.onEvent?.({ type: 'notice', message: notice });
  const run = await runWorkflow(state, flow, workflowId, options.inputs ?? {}, 0, true);
  return {
    file: flow.file,
    environment: options.environment,
    workflowId,
    workflows: state.topLevel,
    passed: state.topLevel.every((w) => w.status === 'passed') && run.status === 'passed',
    cancelled: state.signal.aborted,
    secrets: [...state.secrets].filter(Boolean),
    notices: state.notices,
    costs: [...state.costs.values()],
    durationMs: performance.now() - started,
  };
}

function emptyRun(flow: LoadedFlow, workflow: WorkflowObject, inputs: Record<string, unknown>): WorkflowRun {
  const run: WorkflowRun = { workflowId: workflow.workflowId, file: flow.file, status: 'passed', inputs, outputs: {}, steps: [], durationMs: 0 };
  if (workflow.summary) run.summary = workflow.summary;
  if (workflow.description) run.description = workflow.description;
  return run;
}

async function resolveInputs(state: RunState, flow: LoadedFlow, workflow: WorkflowObject, given: Record<string, unknown>): Promise<{ inputs: Record<string, unknown> } | { error: string }> {
  const schema = inputsSchema(workflow, flow.document);
  const fields = inputFields(schema);
  const typed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    typed[name] = typeof value === 'string' ? coerceInput(value, fields.find((f) => f.name === name)) : value;
  }
  let checked = checkInputs(schema, typed);
  if (!checked.ok && checked.missing.length && state.host.askInputs) {
    const answers = await state.host.askInputs(workflow.workflowId, checked.missing);
    if (!answers) return { error: `inputs not given: ${checked.missing.map((f) => f.name).join(', ')}` };
    for (const [name, value] of Object.entries(answers)) typed[name] = typeof value === 'string' ? coerceInput(value, fields.find((f) => f.name === name)) : value;
    checked = checkInputs(schema, typed);
  }
  if (!checked.ok) {
    if (checked.missing.length) {
      return { error: `workflow '${workflow.workflowId}' needs input${checked.missing.length > 1 ? 's' : ''} ${checked.missing.map((f) => `'${f.name}'${f.type ? ` (${f.type})` : ''}`).join(', ')}: give ${checked.missing.map((f) => `--input ${f.name}=…`).join(' ')}` };
    }
    return { error: `workflow '${workflow.workflowId}': ${checked.errors.join('; ')}` };
  }
  for (const secret of checked.secrets) state.secrets.add(secret);
  return { inputs: checked.inputs };
}

async function runWorkflow(state: RunState, flow: LoadedFlow, workflowId: string, given: Record<string, unknown>, depth: number, topLevel: boolean): Promise<WorkflowRun> {
  const started = performance.now();
  const workflow = flow.document.workflows.find((w) => w.workflowId === workflowId)!;
  const emit = state.options.onEvent;

  // Workflows this one depends on run first, once per flow run, with the same inputs.
  for (const dependency of workflow.dependsOn ?? []) {
    const [depFlow, depId] = dependencyTarget(flow, dependency);
    if (!depFlow) continue;
    const key = workflowKey(depFlow, depId);
    if (!state.finished.has(key)) {
      const depRun = await runWorkflow(state, depFlow, depId, given, depth, topLevel);
      if (depRun.status !== 'passed') {
        const run = emptyRun(flow, workflow, given);
        run.status = depRun.status === 'cancelled' ? 'cancelled' : 'failed';
        run.failure = { reason: `workflow '${depId}', which '${workflowId}' depends on, ${depRun.status === 'cancelled' ? 'was cancelled' : 'failed'}` };
        return finish(state, flow, run, started, depth, topLevel);
      }
    }
  }

  emit?.({ type: 'workflow-start', workflowId, depth });
  const resolved = await resolveInputs(state, flow, workflow, given);
  if ('error' in resolved) {
    const run = emptyRun(flow, workflow, given);
    run.status = 'failed';
    run.failure = { reason: resolved.error };
    return finish(state, flow, run, started, depth, topLevel);
  }
  const run = emptyRun(flow, workflow, resolved.inputs);
  const stepOutputs: Record<string, { outputs: Record<string, unknown> }> = {};
  let index = 0;
  const resume = topLevel && state.options.resume && state.options.resume.previous.workflowId === workflowId ? state.options.resume : undefined;
  if (resume) {
    index = Math.max(0, workflow.steps.findIndex((s) => s.stepId === resume.stepId));
    for (const step of resume.previous.steps) stepOutputs[step.stepId] = { outputs: step.outputs };
  }
  const maxRuns = state.options.maxStepRuns ?? DEFAULT_MAX_STEP_RUNS;
  let runs = 0;
  /** Steps handled by a goto after failing: recovered if the workflow passes. */
  const handledByGoto: StepRun[] = [];

  const context = (): ExpressionContext => baseContext(state, flow, run, stepOutputs);

  while (index < workflow.steps.length) {
    if (state.signal.aborted) {
      run.status = 'cancelled';
      run.failure = { reason: 'cancelled' };
      break;
    }
    if (++runs > maxRuns) {
      run.status = 'failed';
      run.failure = { stepId: workflow.steps[index]!.stepId, reason: `more than ${maxRuns} step runs: the goto actions go round in a loop (raise the bound if that is meant)` };
      break;
    }
    const step = workflow.steps[index]!;
    const outcome = await runStep(state, flow, workflow, step, run, stepOutputs, context, depth);
    const stepRun = outcome.stepRun;
    run.steps.push(stepRun);
    emit?.({ type: 'step-end', step: stepRun, depth });
    if (outcome.next.kind === 'cancelled') {
      run.status = 'cancelled';
      run.failure = { stepId: step.stepId, reason: 'cancelled' };
      break;
    }
    if (outcome.next.kind === 'fail') {
      run.status = 'failed';
      run.failure = { stepId: step.stepId, reason: outcome.next.reason };
      break;
    }
    if (stepRun.status === 'handled' && outcome.next.kind === 'goto') handledByGoto.push(stepRun);
    if (outcome.next.kind === 'next') {
      index++;
      continue;
    }
    if (outcome.next.kind === 'end') {
      if (index < workflow.steps.length - 1 || outcome.next.on === 'failure') run.endedBy = { stepId: step.stepId, action: outcome.next.name, on: outcome.next.on };
      break;
    }
    // goto
    const jump = outcome.next;
    if (jump.stepId !== undefined) {
      index = workflow.steps.findIndex((s) => s.stepId === jump.stepId);
      continue;
    }
    const [targetFlow, targetId] = dependencyTarget(flow, jump.workflowId!);
    if (!targetFlow) {
      run.status = 'failed';
      run.failure = { stepId: step.stepId, reason: `goto: no workflow '${jump.workflowId}'` };
      break;
    }
    const child = await runWorkflow(state, targetFlow, targetId, jump.inputs, depth + 1, false);
    stepRun.child ??= child;
    if (child.status !== 'passed') {
      run.status = child.status === 'cancelled' ? 'cancelled' : 'failed';
      run.failure = { stepId: step.stepId, reason: `workflow '${targetId}' (goto from step '${step.stepId}') ${child.status}: ${child.failure?.reason ?? ''}`.trim() };
    }
    break;
  }
  if (run.status === 'passed') for (const handled of handledByGoto) handled.status = 'recovered';
  if (run.status !== 'cancelled') {
    const ctx = context();
    for (const [name, expression] of Object.entries(workflow.outputs ?? {})) {
      try {
        run.outputs[name] = evaluateValue(expression, { ...ctx, outputs: run.outputs }, flow.minor === '1.1');
      } catch (error) {
        state.notices.push(`workflow '${workflowId}' output '${name}': ${(error as Error).message}`);
      }
    }
  }
  state.finishedSteps.set(workflowKey(flow, workflowId), stepOutputs);
  return finish(state, flow, run, started, depth, topLevel);
}

function finish(state: RunState, flow: LoadedFlow, run: WorkflowRun, started: number, depth: number, topLevel: boolean): WorkflowRun {
  run.durationMs = performance.now() - started;
  state.finished.set(workflowKey(flow, run.workflowId), run);
  if (topLevel) state.topLevel.push(run);
  state.options.onEvent?.({ type: 'workflow-end', run, depth });
  return run;
}

/** A workflowId as dependsOn, goto or a step names it: local, or `$sourceDescriptions.NAME.ID`. */
function dependencyTarget(flow: LoadedFlow, ref: string): [LoadedFlow | undefined, string] {
  const external = /^\$sourceDescriptions\.([A-Za-z0-9_-]+)\.(.+)$/.exec(ref);
  if (!external) return [flow.document.workflows.some((w) => w.workflowId === ref) ? flow : undefined, ref];
  return [flow.externals.get(external[1]!), external[2]!];
}

function baseContext(state: RunState, flow: LoadedFlow, run: WorkflowRun, stepOutputs: Record<string, { outputs: Record<string, unknown> }>): ExpressionContext {
  const workflows: Record<string, ExpressionContext['workflows'][string]> = {};
  for (const [key, finished] of state.finished) {
    if (!key.startsWith(`${flow.file}#`)) continue;
    workflows[finished.workflowId] = { inputs: finished.inputs, outputs: finished.outputs, steps: state.finishedSteps.get(key) };
  }
  const sourceDescriptions: Record<string, SourceDescriptionView> = {};
  for (const description of flow.document.sourceDescriptions) {
    const source = flow.sources.get(description.name);
    const ids = new Set<string>();
    if (source?.kind === 'openapi') for (const op of source.index.operations) ids.add(op.id);
    if (source?.kind === 'http') for (const r of source.file.requests) if (r.name) ids.add(r.name);
    const external = flow.externals.get(description.name);
    if (external) for (const w of external.document.workflows) ids.add(w.workflowId);
    sourceDescriptions[description.name] = { name: description.name, url: description.url, type: description.type, ids };
  }
  const ctx: ExpressionContext = {
    inputs: run.inputs,
    outputs: run.outputs,
    steps: stepOutputs,
    workflows,
    sourceDescriptions,
    components: flow.document.components as Record<string, unknown> | undefined,
  };
  const self = flow.document.$self ?? (flow.file.startsWith('/') ? `file://${flow.file}` : flow.file);
  ctx.self = self;
  return ctx;
}

type Next =
  | { kind: 'next' }
  | { kind: 'end'; name: string; on: 'success' | 'failure' }
  | { kind: 'goto'; stepId?: string; workflowId?: string; inputs: Record<string, unknown> }
  | { kind: 'fail'; reason: string }
  | { kind: 'cancelled' };

function targetInfo(target: StepTarget | undefined, step: StepObject): StepTargetInfo {
  if (!target) return { kind: 'operation', id: step.operationId ?? step.operationPath ?? step.workflowId ?? step.stepId };
  if (target.kind === 'operation') {
    const info: StepTargetInfo = { kind: 'operation', id: target.operation.id, method: target.operation.method, path: target.operation.path, source: target.source.name };
    if (target.operation.summary) info.summary = target.operation.summary;
    if (target.source.registry) info.registry = target.source.registry.entry.id;
    return info;
  }
  if (target.kind === 'http') return { kind: 'http', id: target.request.name ?? `request ${target.request.index + 1}`, method: target.request.requestLine?.method, source: target.source.name, summary: target.request.title };
  return { kind: 'workflow', id: target.workflowId };
}

interface Executed {
  attempt: AttemptRecord;
  /** What expressions see after the attempt. */
  context: ExpressionContext;
  child?: WorkflowRun;
}

async function runStep(
  state: RunState,
  flow: LoadedFlow,
  workflow: WorkflowObject,
  step: StepObject,
  run: WorkflowRun,
  stepOutputs: Record<string, { outputs: Record<string, unknown> }>,
  context: () => ExpressionContext,
  depth: number,
): Promise<{ stepRun: StepRun; next: Next }> {
  const started = performance.now();
  const target = flow.targets.get(workflow.workflowId)?.get(step.stepId);
  const stepRun: StepRun = {
    workflowId: workflow.workflowId,
    stepId: step.stepId,
    target: targetInfo(target, step),
    status: 'passed',
    parameters: [],
    attempts: [],
    actions: [],
    outputs: {},
    startedAt: new Date().toISOString(),
    durationMs: 0,
  };
  if (step.description) stepRun.description = step.description;
  state.options.onEvent?.({ type: 'step-start', workflowId: workflow.workflowId, stepId: step.stepId, target: stepRun.target, depth });
  const selectors = flow.minor === '1.1';
  const successActions = effectiveActions<SuccessActionObject>(step.onSuccess, workflow.successActions, flow.document, 'successActions');
  const failureActions = effectiveActions<FailureActionObject>(step.onFailure, workflow.failureActions, flow.document, 'failureActions');
  const retriesUsed = new Map<number, number>();
  const done = (status: StepStatus, next: Next) => {
    stepRun.status = status;
    stepRun.durationMs = performance.now() - started;
    return { stepRun, next };
  };

  for (;;) {
    if (state.signal.aborted) return done('cancelled', { kind: 'cancelled' });
    const executed = await execute(state, flow, workflow, step, target, stepRun, context(), depth);
    const { attempt } = executed;
    stepRun.attempts.push(attempt);
    if (executed.child) stepRun.child = executed.child;
    state.options.onEvent?.({ type: 'attempt', workflowId: workflow.workflowId, stepId: step.stepId, attempt, depth });
    if (attempt.cost) addCost(state, attempt.cost);
    if (state.signal.aborted) return done('cancelled', { kind: 'cancelled' });
    // Outputs are read from every answer: a failure action may still want the failed response.
    stepRun.outputs = evaluateOutputs(state, step, executed, selectors);
    stepOutputs[step.stepId] = { outputs: stepRun.outputs };
    const after = { ...executed.context, steps: { ...executed.context.steps, [step.stepId]: { outputs: stepRun.outputs } } };

    if (attempt.passed) {
      const chosen = chooseAction(successActions, after);
      const status: StepStatus = stepRun.attempts.length > 1 ? 'recovered' : 'passed';
      if (!chosen) {
        stepRun.actions.push({ on: 'success', type: 'next', criteria: [] });
        return done(status, { kind: 'next' });
      }
      const { action, from, criteria } = chosen;
      const taken: ActionTaken = { on: 'success', type: action.type, name: action.name, from, criteria };
      if (action.stepId) taken.stepId = action.stepId;
      if (action.workflowId) taken.workflowId = action.workflowId;
      stepRun.actions.push(taken);
      if (action.type === 'end') return done(status, { kind: 'end', name: action.name, on: 'success' });
      return done(status, { kind: 'goto', stepId: action.stepId, workflowId: action.workflowId, inputs: actionInputs(action.parameters, flow, after) });
    }

    // Failure: the first matching action whose retries are not spent.
    let chosen: ReturnType<typeof chooseAction<FailureActionObject>>;
    let chosenIndex = -1;
    for (let i = 0; i < failureActions.length; i++) {
      const candidate = chooseAction([failureActions[i]!], after);
      if (!candidate) continue;
      if (candidate.action.type === 'retry' && (retriesUsed.get(i) ?? 0) >= retryLimit(candidate.action)) continue;
      chosen = candidate;
      chosenIndex = i;
      break;
    }
    if (!chosen) {
      const spent = [...retriesUsed.values()].reduce((a, b) => a + b, 0);
      stepRun.actions.push({ on: 'failure', type: 'stop', criteria: [] });
      const reason = attempt.reason ?? 'failed';
      return done('failed', { kind: 'fail', reason: spent ? `${reason} (after ${spent} retr${spent === 1 ? 'y' : 'ies'})` : reason });
    }
    const { action, from, criteria } = chosen;
    const taken: ActionTaken = { on: 'failure', type: action.type, name: action.name, from, criteria };
    if (action.stepId) taken.stepId = action.stepId;
    if (action.workflowId) taken.workflowId = action.workflowId;
    if (action.type === 'retry') {
      const number = (retriesUsed.get(chosenIndex) ?? 0) + 1;
      retriesUsed.set(chosenIndex, number);
      const header = retryAfterHeaderMs(attempt.record, Date.now());
      let delayMs = header ?? Math.round((action.retryAfter ?? 0) * 1000);
      const maxDelay = state.options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
      if (delayMs > maxDelay) {
        state.notices.push(`step '${step.stepId}': a retry wait of ${Math.round(delayMs / 1000)} s was cut to ${Math.round(maxDelay / 1000)} s`);
        delayMs = maxDelay;
      }
      taken.retry = { number, limit: retryLimit(action), delayMs, delaySource: header !== undefined ? 'Retry-After header' : action.retryAfter !== undefined ? 'retryAfter' : 'none' };
      stepRun.actions.push(taken);
      // "If a stepId or workflowId are specified, then the reference is executed and the context
      // is returned, after which the current step is retried."
      if (action.stepId) {
        const other = workflow.steps.find((s) => s.stepId === action.stepId)!;
        const side = await execute(state, flow, workflow, other, flow.targets.get(workflow.workflowId)?.get(other.stepId), undefined, context(), depth);
        const sideRun: StepRun = { ...stepRun, stepId: other.stepId, target: targetInfo(flow.targets.get(workflow.workflowId)?.get(other.stepId), other), status: side.attempt.passed ? 'passed' : 'failed', attempts: [side.attempt], actions: [], parameters: [], outputs: {} };
        sideRun.outputs = evaluateOutputs(state, other, side, selectors);
        stepOutputs[other.stepId] = { outputs: sideRun.outputs };
        run.steps.push(sideRun);
        state.options.onEvent?.({ type: 'step-end', step: sideRun, depth });
      } else if (action.workflowId) {
        const [targetFlow, targetId] = dependencyTarget(flow, action.workflowId);
        if (targetFlow) {
          const child = await runWorkflow(state, targetFlow, targetId, actionInputs(action.parameters, flow, after), depth + 1, false);
          stepRun.child = child;
        }
      }
      if (delayMs > 0) {
        state.options.onEvent?.({ type: 'wait', workflowId: workflow.workflowId, stepId: step.stepId, delayMs, depth });
        await (state.host.sleep ?? defaultSleep)(delayMs, state.signal);
      }
      continue;
    }
    stepRun.actions.push(taken);
    if (action.type === 'end') return done('handled', { kind: 'end', name: action.name, on: 'failure' });
    return done('handled', { kind: 'goto', stepId: action.stepId, workflowId: action.workflowId, inputs: actionInputs(action.parameters, flow, after) });
  }
}

/** "If not specified then a single retry SHALL be attempted." */
function retryLimit(action: FailureActionObject): number {
  return action.retryLimit ?? 1;
}

function chooseAction<T extends SuccessActionObject | FailureActionObject>(actions: readonly EffectiveAction<T>[], context: ExpressionContext): { action: T; from: 'step' | 'workflow'; criteria: CriterionResult[] } | undefined {
  for (const { action, from } of actions) {
    const { passed, results } = evaluateCriteria(action.criteria, context);
    if (passed) return { action, from, criteria: results };
  }
  return undefined;
}

/** 1.1 action parameters become the inputs of the workflow it goes to. */
function actionInputs(parameters: unknown[] | undefined, flow: LoadedFlow, context: ExpressionContext): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const item of parameters ?? []) {
    const parameter = (item as { reference?: string }).reference ? undefined : (item as ParameterObject);
    if (!parameter) continue;
    try {
      inputs[parameter.name] = evaluateValue(parameter.value, context, flow.minor === '1.1');
    } catch {
      // an expression that cannot be evaluated leaves the input out; the workflow's schema says if it was needed
    }
  }
  return inputs;
}

function evaluateOutputs(state: RunState, step: StepObject, executed: Executed, selectors: boolean): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  const ctx = executed.child ? { ...executed.context, outputs: executed.child.outputs } : executed.context;
  for (const [name, expression] of Object.entries(step.outputs ?? {})) {
    try {
      outputs[name] = evaluateValue(expression, ctx, selectors);
    } catch (error) {
      const message = `step '${step.stepId}' output '${name}': ${(error as Error).message}`;
      if (!state.notices.includes(message)) state.notices.push(message);
    }
  }
  return outputs;
}

function addCost(state: RunState, cost: CostNote): void {
  const total = state.costs.get(cost.unit);
  state.costs.set(cost.unit, { amount: (total?.amount ?? 0) + cost.amount, unit: cost.unit });
}

/** One attempt of one step: build the request, send it (or run the workflow), judge it. */
async function execute(
  state: RunState,
  flow: LoadedFlow,
  workflow: WorkflowObject,
  step: StepObject,
  target: StepTarget | undefined,
  stepRun: StepRun | undefined,
  ctx: ExpressionContext,
  depth: number,
): Promise<Executed> {
  const started = performance.now();
  const attempt: AttemptRecord = { attempt: (stepRun?.attempts.length ?? 0) + 1, startedAt: new Date().toISOString(), durationMs: 0, criteria: [], passed: false };
  const selectors = flow.minor === '1.1';
  const failed = (reason: string): Executed => {
    attempt.reason = reason;
    attempt.durationMs = performance.now() - started;
    return { attempt, context: ctx };
  };
  if (!target) return failed(`step '${step.stepId}' has no operation to call`);

  const parameters: EvaluatedParameter[] = [];
  try {
    for (const parameter of effectiveParameters(step, workflow, flow.document)) {
      parameters.push({ name: parameter.name, in: parameter.in, value: evaluateValue(parameter.value, ctx, selectors) });
    }
  } catch (error) {
    return failed(`a parameter could not be evaluated: ${(error as Error).message}`);
  }
  if (stepRun) stepRun.parameters = parameters.map((p) => ({ ...p }));

  if (target.kind === 'workflow') {
    const inputs = Object.fromEntries(parameters.map((p) => [p.name, p.value]));
    const child = await runWorkflow(state, target.flow, target.workflowId, inputs, depth + 1, false);
    attempt.durationMs = performance.now() - started;
    const childCtx: ExpressionContext = { ...ctx, outputs: child.outputs };
    if (step.successCriteria?.length) {
      const { passed, results } = evaluateCriteria(step.successCriteria, childCtx);
      attempt.criteria = results;
      attempt.passed = passed && child.status === 'passed';
    } else attempt.passed = child.status === 'passed';
    if (!attempt.passed) attempt.reason = child.status !== 'passed' ? `workflow '${target.workflowId}' ${child.status}${child.failure ? `: ${child.failure.reason}` : ''}` : criteriaReason(attempt.criteria);
    return { attempt, context: childCtx, child };
  }

  let spec: StepRequestSpec;
  let bodyValue: unknown;
  try {
    const body = step.requestBody ? buildRequestBody(step.requestBody, ctx, selectors, target.kind === 'operation' ? Object.keys(target.operation.requestBody?.content ?? {}) : []) : undefined;
    bodyValue = body?.value;
    if (stepRun && body) stepRun.body = body.value;
    if (target.kind === 'operation') {
      if (!target.source.baseUrl) return failed(`source '${target.source.name}' has no base URL: give the description a servers entry, or point the source at a registry (registry:ID)`);
      spec = operationRequest(target.source.baseUrl, target.operation, parameters, body);
      if (target.source.registry) spec.registry = target.source.registry.entry.id;
    } else {
      if (!state.host.prepareHttp) return failed('this host cannot run requests of .http sources');
      const base = await state.host.prepareHttp(target.source, target.request, state.signal);
      spec = overlayRequest(base, parameters, body);
    }
  } catch (error) {
    return failed(`the request could not be built: ${(error as Error).message}`);
  }
  spec.name = `${workflow.workflowId} › ${step.stepId}`;
  spec.source = { file: flow.file, line: flow.parsed.locate(['workflows', flow.document.workflows.indexOf(workflow), 'steps', workflow.steps.indexOf(step)]).start.line, flow: workflow.workflowId, step: step.stepId };
  if (step.timeout !== undefined) spec.timeoutMs = step.timeout;

  const exchange = await state.host.sender.send(spec, { environment: state.options.environment, signal: state.signal });
  for (const secret of exchange.secrets) state.secrets.add(secret);
  const record = exchange.record;
  attempt.record = record;
  // The costs policy puts what the call cost on the record (the charged header, else its projection).
  if (record.cost) attempt.cost = { amount: record.cost.amount, unit: record.cost.unit, basis: 'costs policy' };
  else if (record.policy?.cost) attempt.cost = record.policy.cost;
  attempt.durationMs = performance.now() - started;

  const url = new URL(record.request.url);
  const request: MessageView = {
    headers: record.request.headers,
    query: Object.fromEntries([...url.searchParams.keys()].map((k) => [k, url.searchParams.getAll(k)])),
    path: Object.fromEntries(parameters.filter((p) => p.in === 'path').map((p) => [p.name, String(p.value)])),
    body: bodyValue,
  };
  const response: MessageView | undefined = record.response
    ? { headers: record.response.headers, body: parseBody(await bodyText(record, state.host.readFile), record.response.body.contentType) }
    : undefined;
  const after: ExpressionContext = { ...ctx, url: record.request.url, method: record.request.method, statusCode: record.response?.status, request, response };

  if (!record.response) {
    // No answer: criteria cannot pass, but they are still evaluated so the report shows why.
    attempt.criteria = evaluateCriteria(step.successCriteria, after).results;
    return { ...failed(`${record.error?.message ?? 'no response'}${record.error?.hint ? ` — ${record.error.hint}` : ''}`), context: after };
  }
  if (step.successCriteria?.length) {
    const { passed, results } = evaluateCriteria(step.successCriteria, after);
    attempt.criteria = results;
    attempt.passed = passed;
    if (!passed) attempt.reason = criteriaReason(results);
  } else {
    attempt.passed = record.response.status < 500;
    if (!attempt.passed) attempt.reason = `server error ${record.response.status} ${record.response.statusText}`.trim();
  }
  if (target.kind === 'http' && state.host.httpAnswered) {
    const checks = await state.host.httpAnswered(target.source, target.request, record);
    if (checks.length) {
      attempt.criteria = [...(attempt.criteria ?? []), ...checks.map((c): CriterionResult => ({ type: 'simple', condition: `?? ${c.text}`, passed: c.passed, comparisons: [], ...(c.passed ? {} : { error: c.message ?? 'failed' }) }))];
      const failed = checks.find((c) => !c.passed);
      if (failed) {
        if (attempt.passed) attempt.reason = `?? ${failed.text}: ${failed.message ?? 'failed'}`;
        attempt.passed = false;
      } else if (!step.successCriteria?.length && checks.some((c) => c.isStatus)) {
        // as in `regx run`: a status assertion that holds makes a 5xx the answer asked for
        attempt.passed = true;
        delete attempt.reason;
      }
    }
  }
  return { attempt, context: after };
}
