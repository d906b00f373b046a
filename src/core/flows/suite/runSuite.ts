// Runs a test set: every flow item and request file, in order, through the flow engine; then
// what each request saw (status, schema validity, response shape) for the baseline.

import type { ResponseRecord } from '../../send/types';
import type { LoadFlowResult, LoadedFlow } from '../loadFlow';
import type { FlowRunResult, StepRun, WorkflowRun } from '../flowRunTypes';
import { parseBody } from '../runFlow';
import type { ObservedRequest } from './baseline';
import { responseShape } from './responseShape';
import type { Suite, SuiteItem } from './suiteFile';

export interface SuiteHost {
  /** An item's flow: an Arazzo file, or a request file wrapped as one (httpAsFlow). */
  load(item: SuiteItem): Promise<LoadFlowResult>;
  run(flow: LoadedFlow, workflowId: string, inputs: Record<string, unknown>): Promise<FlowRunResult>;
  /**
   * The response against its documented schema (true/false, null when there is none to check) and
   * the registry the request went to, found from its URL.
   */
  validate(record: ResponseRecord): Promise<{ valid: boolean | null; registry?: string }>;
  /** The response body text (bodies spilled to disk read back). */
  bodyText(record: ResponseRecord): Promise<string | undefined>;
  /** A path for ids and reports: relative to the suite. */
  shown(file: string): string;
}

export interface SuiteItemRun {
  item: SuiteItem;
  /** Set when the item did not load (its diagnostics say why). */
  load?: LoadFlowResult;
  flow?: LoadedFlow;
  results: FlowRunResult[];
}

export interface SuiteRun {
  suite: Suite;
  items: SuiteItemRun[];
  observed: ObservedRequest[];
  passed: boolean;
}

function* stepRuns(workflow: WorkflowRun): Generator<StepRun> {
  for (const step of workflow.steps) {
    yield step;
    if (step.child) yield* stepRuns(step.child);
  }
}

export async function runSuite(suite: Suite, host: SuiteHost, signal?: AbortSignal): Promise<SuiteRun> {
  const items: SuiteItemRun[] = [];
  const observed: ObservedRequest[] = [];
  const seen = new Map<string, number>();
  let passed = true;
  for (const item of suite.items) {
    if (signal?.aborted) break;
    const load = await host.load(item);
    if (!load.flow) {
      items.push({ item, load, results: [] });
      passed = false;
      continue;
    }
    const flow = load.flow;
    const workflowIds = item.kind === 'flow' && item.workflow ? [item.workflow] : flow.document.workflows.filter((w) => !flow.document.workflows.some((other) => other.dependsOn?.includes(w.workflowId))).map((w) => w.workflowId);
    const run: SuiteItemRun = { item, flow, results: [] };
    items.push(run);
    for (const workflowId of workflowIds) {
      if (signal?.aborted) break;
      const result = await host.run(flow, workflowId, item.kind === 'flow' ? item.inputs : {});
      run.results.push(result);
      if (!result.passed) passed = false;
      for (const workflow of result.workflows) {
        for (const step of stepRuns(workflow)) {
          const attempt = step.attempts[step.attempts.length - 1];
          const record = attempt?.record;
          if (!record) continue;
          const base = `${item.kind} ${host.shown(item.file)}#${step.workflowId}/${step.stepId}`;
          const count = (seen.get(base) ?? 0) + 1;
          seen.set(base, count);
          const entry: ObservedRequest = {
            id: count > 1 ? `${base}#${count}` : base,
            method: record.request.method,
            path: step.target.path ?? new URL(record.request.url).pathname,
            valid: null,
          };
          const checked = await host.validate(record);
          if (record.response) entry.valid = checked.valid;
          if (step.target.kind === 'operation') entry.operationId = step.target.id;
          const registry = step.target.registry ?? checked.registry;
          if (registry) entry.registry = registry;
          if (record.response) {
            entry.status = record.response.status;
            const body = parseBody(await host.bodyText(record), record.response.body.contentType);
            if (body !== undefined && typeof body === 'object') entry.shape = responseShape(body);
          }
          observed.push(entry);
        }
      }
    }
  }
  return { suite, items, observed, passed: passed && !signal?.aborted };
}
