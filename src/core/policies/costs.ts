// Costs and quotas (registry.yaml `costs`): before a send, what the call may cost — a paid call
// (KVK outside its free environments), a download that costs a credit unless owned
// (DATA-collectief's `charges`), a call beyond the free quota (AllSolutions) — checked against
// the run's budget (`budget` setting, CLI `--budget N`: the call that would pass it is not sent)
// and the environment's confirm threshold (`costConfirmAbove`: the user is asked once, Offer
// 'spend'). After it, what it really cost (the registry's charged header, else the projection),
// the balance and count the server reported and any rate-limit headers go on the record
// (`record.cost`) and into the persisted meter (costsMeter.ts).

import type { CostCharge, CostRule, RegistryEntry } from '../catalog/types';
import { RegxError } from '../errors';
import type { PreparedRequest, ResponseRecord } from '../send/types';
import type { Policy, PolicyContext } from './types';
import { baseUrlFor, headerValue, pathBelow } from './authValues';
import { CostMeter } from './costsMeter';
import { parseRateLimit } from './costsRateLimit';

export const COSTS_POLICY = 'costs';

export interface CostsPolicyOptions {
  now?: () => Date;
}

export function unitOf(costs: CostRule | undefined): string {
  return costs?.unit ?? (costs?.model === 'credits' ? 'credits' : 'calls');
}

/** Whether a charge's `METHOD /path/{template}` covers a request's method and path. */
const operationPatterns = new Map<string, { method: string; pattern: RegExp } | null>();

export function operationMatches(operation: string, method: string, path: string): boolean {
  let compiled = operationPatterns.get(operation);
  if (compiled === undefined) {
    // Compiled once per charge rule: a run's projection matches every request against them.
    const [opMethod, template] = operation.split(/\s+/, 2);
    const pattern = template
      ?.replace(/\/+$/, '')
      .split(/(\{[^}]+\})/)
      .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
      .join('');
    compiled = template && opMethod ? { method: opMethod.toUpperCase(), pattern: new RegExp(`^${pattern}/?$`) } : null;
    operationPatterns.set(operation, compiled);
  }
  return !!compiled && compiled.method === method.toUpperCase() && compiled.pattern.test(path);
}

/** The most this request can cost, and why (for the messages). */
export async function projectCost(request: Pick<PreparedRequest, 'method' | 'url'>, context: Pick<PolicyContext, 'registry' | 'environment'>, meter: CostMeter, now: Date): Promise<{ amount: number; why: string; charge?: CostCharge }> {
  const registry = context.registry;
  const costs = registry?.costs;
  if (!registry || !costs || costs.model === 'free') return { amount: 0, why: 'free' };
  const environment = context.environment ?? registry.defaultEnvironment;
  if (costs.freeEnvironments?.includes(environment)) return { amount: 0, why: `the ${environment} environment is free` };
  if (costs.charges) {
    const path = pathBelow(request.url, baseUrlFor(request, context)) ?? new URL(request.url).pathname;
    const charge = costs.charges.find((c) => operationMatches(c.operation, request.method, path));
    return charge ? { amount: charge.amount, why: charge.note ?? charge.operation, charge } : { amount: 0, why: 'this operation costs nothing' };
  }
  if (costs.model === 'free-quota') {
    const entry = await meter.read(registry.id, environment, unitOf(costs), now);
    const used = Math.max(entry.calls, entry.serverCount ?? 0);
    return used < (costs.freeCalls ?? 0) ? { amount: 0, why: `within the ${costs.freeCalls} free calls a ${costs.period ?? 'month'}` } : { amount: 1, why: `beyond the ${costs.freeCalls} free calls a ${costs.period ?? 'month'}` };
  }
  return { amount: 1, why: 'a paid call' };
}

function numberHeader(record: ResponseRecord, name: string | undefined): number | undefined {
  if (!name || !record.response) return undefined;
  const value = headerValue(record.response, name);
  return value !== undefined && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : undefined;
}

function numberSetting(context: PolicyContext, name: string): number | undefined {
  const value = context.variable(name);
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new RegxError('budget', `the ${name} setting must be a number of 0 or more (it is '${value}')`);
  return n;
}

export function createCostsPolicy(options: CostsPolicyOptions = {}): Policy {
  const now = options.now ?? (() => new Date());
  // What each run (PolicyContext.runId; without one, this process) spent per registry and
  // environment, and where the user already said yes to spending over the threshold. The last
  // few runs only: an editor session makes a run per send.
  const spentInRun = new Map<string, number>();
  const approved = new Set<string>();
  const runs: string[] = [];
  const keyOf = (registry: RegistryEntry, context: PolicyContext) => {
    const run = context.runId ?? '';
    if (!runs.includes(run)) {
      runs.push(run);
      if (runs.length > 32) {
        const gone = `${runs.shift()!}\n`;
        for (const key of [...spentInRun.keys()]) if (key.startsWith(gone)) spentInRun.delete(key);
        for (const key of [...approved]) if (key.startsWith(gone)) approved.delete(key);
      }
    }
    return `${run}\n${context.stateDir}\n${registry.id}\n${context.environment ?? registry.defaultEnvironment}`;
  };

  return {
    name: COSTS_POLICY,
    appliesTo: (registry) => Boolean(registry),
    async before(request, context, signal) {
      const registry = context.registry;
      if (!registry?.costs) return request;
      const environment = context.environment ?? registry.defaultEnvironment;
      const unit = unitOf(registry.costs);
      const projected = await projectCost(request, context, new CostMeter(context.stateDir), now());
      if (projected.amount <= 0) return request;
      const key = keyOf(registry, context);
      const spent = spentInRun.get(key) ?? 0;
      const budget = numberSetting(context, 'budget');
      if (budget !== undefined && spent + projected.amount > budget) {
        throw new RegxError(
          'budget',
          `not sent: this call may cost ${projected.amount} ${unit} at ${registry.name} (${environment}; ${projected.why}) and the run has spent ${spent} of its budget of ${budget}`,
          `Raise the budget (--budget ${spent + projected.amount} or more) to allow it.`,
        );
      }
      const threshold = numberSetting(context, 'costConfirmAbove');
      const agreed = context.approvedSpend?.(registry.id, environment) ?? 0;
      if (threshold !== undefined && spent + projected.amount > Math.max(threshold, agreed) && !approved.has(key)) {
        const yes = await context.ports.decide({ kind: 'spend', registry: registry.name, environment, projected: spent + projected.amount, unit, limit: threshold }, signal);
        if (!yes) throw new RegxError('declined', `not sent: spending ${spent + projected.amount} ${unit} at ${registry.name} (${environment}) is over the confirm threshold of ${threshold}, and it was declined`);
        approved.add(key);
      }
      return request;
    },
    async after(record, request, context) {
      const registry = context.registry;
      if (!registry || !record.response) return;
      const at = now();
      const rateLimit = parseRateLimit(record.response.headers, at);
      const costs = registry.costs;
      if (!costs && !rateLimit) return;
      const environment = context.environment ?? registry.defaultEnvironment;
      const unit = unitOf(costs);
      const meter = new CostMeter(context.stateDir);
      let amount = 0;
      if (costs) {
        const charged = numberHeader(record, costs.chargedHeader);
        if (charged !== undefined) amount = charged;
        else {
          const projected = await projectCost(request, context, meter, at);
          // A charge is for what was delivered; a per-call price for every call answered.
          amount = costs.charges ? (record.response.status < 300 ? projected.amount : 0) : projected.amount;
        }
        spentInRun.set(keyOf(registry, context), (spentInRun.get(keyOf(registry, context)) ?? 0) + amount);
      }
      const balance = numberHeader(record, costs?.balanceHeader);
      const serverCount = numberHeader(record, costs?.header);
      const entry = await meter.update(
        registry.id,
        environment,
        unit,
        (e) => {
          e.calls += 1;
          e.spent += amount;
          if (balance !== undefined) e.balance = balance;
          if (serverCount !== undefined) e.serverCount = serverCount;
          if (rateLimit) e.rateLimit = rateLimit;
        },
        at,
      );
      if (costs) record.cost = { amount, unit, ...(balance !== undefined ? { balance } : {}) };
      if (rateLimit?.remaining === 0) context.ports.notice(`${registry.name}: the rate limit is reached${rateLimit.resetSeconds !== undefined ? `; it resets in ${rateLimit.resetSeconds} s` : ''}.`);
      if (costs?.model === 'free-quota' && costs.freeCalls && Math.max(entry.calls, entry.serverCount ?? 0) === costs.freeCalls) {
        context.ports.notice(`${registry.name}: this was the last of the ${costs.freeCalls} free calls this ${costs.period ?? 'month'}; further calls are charged.`);
      }
    },
  };
}

export const costsPolicy: Policy = createCostsPolicy();
