// What a run may cost, before its first send (issue 15): every request the run will send is
// matched against its registry's cost rules (registry.yaml `costs`) as the costs policy does per
// call — a download that costs a credit unless owned, a paid call, a call beyond the free quota —
// and summed per registry and environment: "DATA-collectief API (sandbox): this run downloads 12
// companies you do not own: 12 credits". It is an upper bound: ownership, a request that fails
// before it is sent and what the server really charges lower the real figure, which the records
// and the report then give per request.

import type { RegistryResolution } from '../catalog/registryForRequest';
import type { CostCharge } from '../catalog/types';
import type { HttpFile, RequestBlock } from '../http/ast';
import { CostMeter } from '../policies/costsMeter';
import { projectCost, unitOf } from '../policies/costs';
import { VariableScope } from '../variables/variableScope';
import type { NamedExchange } from '../variables/types';
import { requestDependencies } from './dependencies';
import { absoluteUrl } from './prepareRequest';
import type { ScopeInput } from './requestVariables';

export interface SpendPart {
  count: number;
  amount: number;
  /** The charge rule it came from; absent for a per-call price or a quota. */
  charge?: CostCharge;
}

/** Counts one call of `amount` under its charge rule (a part per rule, in first-seen order) and in the total. */
export function addSpend(into: { amount: number; parts: SpendPart[] }, amount: number, charge?: CostCharge): void {
  let part = into.parts.find((p) => p.charge === charge);
  if (!part) into.parts.push((part = { count: 0, amount: 0, ...(charge ? { charge } : {}) }));
  part.count++;
  part.amount += amount;
  into.amount += amount;
}

export interface ProjectedSpend {
  registryId: string;
  registry: string;
  environment: string;
  /** The environment is an offline sandbox (nothing real is spent; no default threshold applies). */
  sandbox: boolean;
  unit: string;
  /** The most the run spends there. */
  amount: number;
  /** Requests of the run to that registry and environment. */
  calls: number;
  /** What the amount is made of: per charge rule, or the paid calls. */
  parts: SpendPart[];
  /** For a free quota: the free calls a period and how many the meter counted already. */
  quota?: { free: number; used: number; period: string };
}

export interface RunCostInput {
  file: HttpFile;
  filePath: string;
  /** The requests the run will send, in order (runTargets). */
  blocks: readonly RequestBlock[];
  scope: ScopeInput;
  /** The registry a request resolves to (the session's one resolution). */
  resolve(request: { method: string; url: string }, block: RequestBlock): RegistryResolution | undefined;
  environment?: string;
  stateDir: string;
  now?: Date;
}

const REFERENCE = /\{\{\s*([^{}]+?)\s*\}\}/g;

/**
 * The requests a run sends: the selected ones and the named requests they need (transitively),
 * in file order, less those whose responses the session already holds.
 */
export function runTargets(file: HttpFile, select: { names?: string[]; indexes?: number[] } | undefined, exchanges?: ReadonlyMap<string, NamedExchange>): RequestBlock[] {
  const runnable = file.requests.filter((r) => r.requestLine);
  // The whole file: every request is a target already, whatever it needs.
  if (!select?.names?.length && !select?.indexes?.length) return runnable;
  let targets = runnable;
  if (select.names?.length) targets = runnable.filter((r) => r.name && select.names!.includes(r.name));
  else if (select.indexes?.length) targets = runnable.filter((r) => select.indexes!.includes(r.index));
  const byName = new Map<string, RequestBlock>();
  for (const r of runnable) if (r.name && !byName.has(r.name)) byName.set(r.name, r);
  const chosen = new Set<number>();
  const visit = (block: RequestBlock, depth: number) => {
    if (chosen.has(block.index) || depth > 64) return;
    chosen.add(block.index);
    for (const name of requestDependencies(file, block)) {
      const needed = byName.get(name);
      if (needed && !exchanges?.has(name)) visit(needed, depth + 1);
    }
  };
  for (const target of targets) visit(target, 0);
  return runnable.filter((r) => chosen.has(r.index));
}

/**
 * The request line's URL with what is known now: variables, secrets, dynamic values; a reference
 * to a response that has not arrived yet becomes a placeholder path segment.
 */
function urlNow(file: HttpFile, filePath: string, block: RequestBlock, scope: ScopeInput, shared: { scope?: VariableScope }): string | undefined {
  let variables: VariableScope | undefined;
  const text = block.requestLine!.url.replace(REFERENCE, (_whole, expression: string) => {
    // A block without variables of its own resolves like every other such block: one scope for them all.
    const make = () => new VariableScope({ ...scope, file: filePath, fileVariables: file.variables, requestVariables: block.variables, exchanges: new Map(), requestNames: new Set() });
    variables ??= block.variables.length ? make() : (shared.scope ??= make());
    try {
      return variables.evaluate(expression).text;
    } catch {
      return '_';
    }
  });
  try {
    return absoluteUrl(text.trim(), []);
  } catch {
    return undefined;
  }
}

export async function projectRunCost(input: RunCostInput): Promise<ProjectedSpend[]> {
  const now = input.now ?? new Date();
  const meter = new CostMeter(input.stateDir);
  const spends = new Map<string, ProjectedSpend>();
  const shared: { scope?: VariableScope } = {};
  for (const block of input.blocks) {
    const url = urlNow(input.file, input.filePath, block, input.scope, shared);
    if (!url || !/^https?:\/\//i.test(url)) continue;
    const request = { method: block.requestLine!.method, url };
    const resolution = input.resolve(request, block);
    const entry = resolution?.entry;
    const costs = entry?.costs;
    if (!entry || !costs || costs.model === 'free') continue;
    const environment = resolution.environment?.name ?? input.environment ?? entry.defaultEnvironment;
    const key = `${entry.id}\n${environment}`;
    let spend = spends.get(key);
    if (!spend) {
      spend = { registryId: entry.id, registry: entry.name, environment, sandbox: Boolean(resolution.environment?.sandbox), unit: unitOf(costs), amount: 0, calls: 0, parts: [] };
      spends.set(key, spend);
    }
    spend.calls++;
    if (costs.model === 'free-quota' && !costs.charges) {
      if (!costs.freeEnvironments?.includes(environment)) spend.quota ??= { free: costs.freeCalls ?? 0, used: 0, period: costs.period ?? 'month' };
      continue;
    }
    let projected: Awaited<ReturnType<typeof projectCost>>;
    try {
      projected = await projectCost(request, { registry: entry, environment }, meter, now);
    } catch {
      continue;
    }
    if (projected.amount > 0) addSpend(spend, projected.amount, projected.charge);
  }
  for (const spend of spends.values()) {
    if (!spend.quota) continue;
    // Calls beyond the free quota: the meter's count so far plus this run's, less what is free.
    const entry = await meter.read(spend.registryId, spend.environment, spend.unit, now);
    spend.quota.used = Math.max(entry.calls, entry.serverCount ?? 0);
    const beyond = Math.max(0, spend.quota.used + spend.calls - Math.max(spend.quota.used, spend.quota.free));
    if (beyond > 0) {
      spend.parts.push({ count: beyond, amount: beyond });
      spend.amount += beyond;
    }
  }
  return [...spends.values()].filter((s) => s.amount > 0);
}

function partText(part: SpendPart): string {
  const charge = part.charge;
  if (!charge) return `makes ${part.count} paid call${part.count === 1 ? '' : 's'}`;
  const one = charge.note?.replace(/^(a|an|one)\s+/i, '');
  const what = part.count === 1 ? (one ?? `call of ${charge.operation}`) : (charge.plural ?? (one ? `× ${one}` : `calls of ${charge.operation}`));
  return `${charge.verb ?? 'makes'} ${part.count} ${what}`;
}

/** `DATA-collectief API (sandbox): this run downloads 12 companies you do not own: 12 credits`. */
export function spendLine(spend: ProjectedSpend, subject = 'this run'): string {
  const what = spend.quota
    ? `makes ${spend.calls} call${spend.calls === 1 ? '' : 's'}, ${spend.amount} beyond the ${spend.quota.free} free calls a ${spend.quota.period} (${spend.quota.used} used)`
    : spend.parts.map(partText).join(' and ');
  return `${spend.registry} (${spend.environment}): ${subject} ${what}: ${spend.amount} ${spend.unit}`;
}
