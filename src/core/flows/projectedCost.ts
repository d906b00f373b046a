// What a workflow may cost before it runs: every step that calls an operation of a registry with
// a cost model (per call, credits, a free quota) is counted, through nested workflows and the
// workflows it depends on. It is an upper bound — a step that ends the workflow early, a retry,
// a download already owned change the real figure, which the run then reports per step.

import type { CostRule } from '../catalog/types';
import { operationMatches, unitOf } from '../policies/costs';
import { addSpend, spendLine, type SpendPart } from '../run/runCost';
import type { LoadedFlow } from './loadFlow';

export interface ProjectedRegistryCost {
  registry: string;
  name: string;
  environment: string;
  /** True when that environment is the offline sandbox: nothing real is spent. */
  sandbox: boolean;
  model: CostRule['model'];
  description: string;
  /** Calls the workflow makes to it when every step runs once. */
  calls: number;
  /** The operations counted, `operationId` once each. */
  operations: string[];
  /** What the workflow spends there at most, in `unit` (0 in a free environment or within a free quota). */
  amount: number;
  unit: string;
  /** What `amount` is made of, per charge rule (or paid calls). */
  parts: SpendPart[];
}

export interface ProjectedCost {
  registries: ProjectedRegistryCost[];
  /** Calls to registries that charge, outside a sandbox. */
  paidCalls: number;
  /** What the workflow may spend outside a sandbox (credits, paid calls): what a confirmation is about. */
  spend: number;
  /** One line per registry to show (projectedCostLines). */
  lines: string[];
}

export function projectCost(flow: LoadedFlow, workflowId: string): ProjectedCost {
  const byRegistry = new Map<string, ProjectedRegistryCost>();
  const seen = new Set<string>();
  const visit = (current: LoadedFlow, id: string, depth: number) => {
    const key = `${current.file}#${id}`;
    if (depth > 16 || seen.has(key)) return;
    seen.add(key);
    const workflow = current.document.workflows.find((w) => w.workflowId === id);
    if (!workflow) return;
    for (const dependency of workflow.dependsOn ?? []) visitReference(current, dependency, depth);
    for (const step of workflow.steps) {
      const target = current.targets.get(id)?.get(step.stepId);
      if (!target) continue;
      if (target.kind === 'workflow') {
        visit(target.flow, target.workflowId, depth + 1);
        continue;
      }
      if (target.kind !== 'operation') continue;
      const registry = target.source.registry;
      const costs = registry?.entry.costs;
      if (!registry || !costs || costs.model === 'free') continue;
      const entryKey = `${registry.entry.id}|${registry.environment.name}`;
      let item = byRegistry.get(entryKey);
      if (!item) {
        item = { registry: registry.entry.id, name: registry.entry.name, environment: registry.environment.name, sandbox: Boolean(registry.environment.sandbox), model: costs.model, description: costs.description.trim(), calls: 0, operations: [], amount: 0, unit: unitOf(costs), parts: [] };
        byRegistry.set(entryKey, item);
      }
      item.calls++;
      // What this step may cost, by the same rules as the costs policy's projection of one send.
      if (!costs.freeEnvironments?.includes(registry.environment.name) && costs.model !== 'free-quota') {
        const charge = costs.charges ? costs.charges.find((c) => operationMatches(c.operation, target.operation.method, target.operation.path)) : undefined;
        const amount = costs.charges ? (charge?.amount ?? 0) : 1;
        if (amount > 0) addSpend(item, amount, charge);
      }
      if (!item.operations.includes(target.operation.id)) item.operations.push(target.operation.id);
    }
  };
  const visitReference = (current: LoadedFlow, reference: string, depth: number) => {
    const match = /^\$sourceDescriptions\.([^.]+)\.(.+)$/.exec(reference);
    if (!match) return visit(current, reference, depth + 1);
    const external = current.externals.get(match[1]!);
    if (external) visit(external, match[2]!, depth + 1);
  };
  visit(flow, workflowId, 0);
  const registries = [...byRegistry.values()];
  const outside = registries.filter((r) => !r.sandbox);
  const projected = { registries, paidCalls: outside.reduce((sum, r) => sum + r.calls, 0), spend: outside.reduce((sum, r) => sum + r.amount, 0), lines: [] as string[] };
  projected.lines = projectedCostLines(projected);
  return projected;
}

/**
 * One line per registry: what the workflow spends there in the run wording (`DATA-collectief API
 * (sandbox): this flow downloads 1 company you do not own: 1 credits`), else its calls and the
 * registry's cost model; a sandbox says nothing real is spent.
 */
export function projectedCostLines(projected: Pick<ProjectedCost, 'registries'>): string[] {
  return projected.registries.map((r) => {
    const sandbox = r.sandbox ? ' (offline sandbox: nothing real is spent)' : '';
    if (r.amount > 0) return `${spendLine({ registryId: r.registry, registry: r.name, environment: r.environment, sandbox: r.sandbox, unit: r.unit, amount: r.amount, calls: r.calls, parts: r.parts }, 'this flow')}${sandbox}`;
    return `${r.name} (${r.environment}${r.sandbox ? ', offline sandbox: nothing real is spent' : ''}): up to ${r.calls} call${r.calls === 1 ? '' : 's'} (${r.operations.join(', ')}) — ${r.model}: ${r.description}`;
  });
}
