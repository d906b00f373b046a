// Resolves `{{…}}` in request text. Layers, first match wins: request variables, file
// variables, CLI/editor secrets, the selected environment (private values over public ones),
// `.env`. Values may refer to other variables; a cycle or a missing name is a typed error,
// never an empty string on the wire. Every secret value that went into a text is reported
// with it, so history and reports can redact it.

import { randomUUID } from 'node:crypto';
import { evaluateDynamic, type DynamicHost } from './dynamicVariables';
import { isResponseReference, resolveResponseReference, responseReferenceName } from './responseReference';
import { PendingResponseError, UnresolvedVariableError, type NamedExchange, type ResolvedText, type VariableSource, type VariableValue } from './types';

export interface RawVariable {
  name: string;
  /** May hold `{{…}}` references. */
  value: string;
  source: VariableSource;
  secret: boolean;
  origin?: string;
}

export interface VariableScopeInput {
  requestVariables?: { name: string; value: string }[];
  fileVariables?: { name: string; value: string }[];
  /** The request file, recorded as the origin of file and request variables. */
  file?: string;
  /** Secrets by name (CLI: `REGX_SECRET_<NAME>`; editor: SecretStorage). */
  secrets?: Record<string, string>;
  /** The selected environment (`LoadedEnvironments.select(name)`). */
  environment?: Map<string, VariableValue>;
  dotenv?: Map<string, VariableValue>;
  /** The selected environment's name, for messages. */
  environmentName?: string;
  /** Environments that define a name the selected one lacks (`LoadedEnvironments.definedIn`). */
  definedIn?: (name: string) => string[];
  /** `$shared` values (`LoadedEnvironments.select(undefined)`), for `{{$shared name}}`. */
  shared?: Map<string, VariableValue>;
  processEnv?: Record<string, string | undefined>;
  /** Named requests that have run. */
  exchanges?: ReadonlyMap<string, NamedExchange>;
  /** Names of every request in the file: a reference to one that has not run is pending, not unresolved. */
  requestNames?: ReadonlySet<string>;
  now?: () => Date;
  random?: () => number;
  randomUUID?: () => string;
}

const REFERENCE = /\{\{\s*([^{}]+?)\s*\}\}/g;

export class VariableScope {
  private readonly layers: Map<string, RawVariable>[];
  private readonly cache = new Map<string, { value: string; secrets: string[] }>();
  private readonly dynamicHost: DynamicHost;

  constructor(private readonly input: VariableScopeInput) {
    const layer = (entries: RawVariable[]) => new Map(entries.map((v) => [v.name, v]));
    const fromValues = (map: Map<string, VariableValue> | undefined) =>
      [...(map ?? new Map<string, VariableValue>())].map(([name, v]): RawVariable => ({ name, value: v.value, source: v.source, secret: v.secret, origin: v.origin }));
    this.layers = [
      layer((input.requestVariables ?? []).map((v) => ({ ...v, source: 'request', secret: false, origin: input.file }))),
      layer((input.fileVariables ?? []).map((v) => ({ ...v, source: 'file', secret: false, origin: input.file }))),
      layer(Object.entries(input.secrets ?? {}).map(([name, value]) => ({ name, value, source: 'secret', secret: true }))),
      layer(fromValues(input.environment)),
      layer(fromValues(input.dotenv)),
    ];
    this.dynamicHost = {
      now: input.now ?? (() => new Date()),
      random: input.random ?? Math.random,
      randomUUID: input.randomUUID ?? randomUUID,
      processEnv: input.processEnv ?? {},
      dotenv: input.dotenv ?? new Map(),
      shared: input.shared ?? new Map(),
      lookup: (name) => {
        try {
          return this.resolveName(name, []).value;
        } catch {
          return undefined;
        }
      },
    };
  }

  /** The variable a name refers to (unresolved value), with where it comes from. */
  find(name: string): RawVariable | undefined {
    for (const layer of this.layers) {
      const found = layer.get(name);
      if (found) return found;
    }
    return undefined;
  }

  /** Every named variable visible, first layer wins. */
  all(): RawVariable[] {
    const seen = new Map<string, RawVariable>();
    for (const layer of this.layers) for (const [name, v] of layer) if (!seen.has(name)) seen.set(name, v);
    return [...seen.values()];
  }

  /** Replaces every `{{…}}` in `text`. Throws `UnresolvedVariableError` or `PendingResponseError`. */
  resolve(text: string): ResolvedText {
    const secrets = new Set<string>();
    const result = this.resolveIn(text, [], secrets);
    return { text: result, secrets: [...secrets] };
  }

  /** The value of one `{{expression}}`. */
  evaluate(expression: string): ResolvedText {
    const secrets = new Set<string>();
    const value = this.evaluateExpression(expression.trim(), [], secrets);
    return { text: value, secrets: [...secrets] };
  }

  private resolveIn(text: string, stack: string[], secrets: Set<string>): string {
    return text.replace(REFERENCE, (_whole, expression: string) => this.evaluateExpression(expression, stack, secrets));
  }

  private evaluateExpression(expression: string, stack: string[], secrets: Set<string>): string {
    if (expression.startsWith('$')) {
      const value = evaluateDynamic(expression, this.dynamicHost);
      if (value.secret) secrets.add(value.value);
      return value.value;
    }
    if (isResponseReference(expression) && !this.find(expression)) {
      const name = responseReferenceName(expression)!;
      const exchange = this.input.exchanges?.get(name);
      if (!exchange) {
        if (this.input.requestNames?.has(name)) throw new PendingResponseError(name);
        throw new UnresolvedVariableError(expression, `'{{${expression}}}': no request is named '${name}' (add '# @name ${name}' above it)`);
      }
      const value = resolveResponseReference(expression, exchange);
      if (value.secret) secrets.add(value.value);
      return value.value;
    }
    // httpYac writes process environment as `{{process.env.NAME}}`.
    const processEnv = /^process\.env\.([\w.-]+)$/.exec(expression);
    if (processEnv && !this.find(expression)) {
      const value = evaluateDynamic(`$processEnv ${processEnv[1]}`, this.dynamicHost);
      secrets.add(value.value);
      return value.value;
    }
    const resolved = this.resolveName(expression, stack);
    for (const s of resolved.secrets) secrets.add(s);
    return resolved.value;
  }

  private resolveName(name: string, stack: string[]): { value: string; secrets: string[] } {
    const cached = this.cache.get(name);
    if (cached) return cached;
    if (stack.includes(name)) {
      throw new UnresolvedVariableError(name, `variables refer to each other in a circle: ${[...stack.slice(stack.indexOf(name)), name].join(' → ')}`);
    }
    const variable = this.find(name);
    if (!variable) {
      const through = stack.length ? ` (used by '${stack[stack.length - 1]}')` : '';
      const elsewhere = this.input.definedIn?.(name) ?? [];
      if (elsewhere.length) {
        const where = elsewhere.map((e) => `'${e}'`).join(', ');
        const message = this.input.environmentName
          ? `variable '${name}'${through} is not in environment '${this.input.environmentName}'; ${where} ${elsewhere.length > 1 ? 'define' : 'defines'} it`
          : `variable '${name}'${through} comes from an environment and none is selected; ${where} ${elsewhere.length > 1 ? 'define' : 'defines'} it`;
        throw new UnresolvedVariableError(name, message);
      }
      throw new UnresolvedVariableError(name, `variable '${name}' is not defined${through}: define it with '@${name} = …', in the environment, or in .env`);
    }
    const secrets = new Set<string>();
    const value = this.resolveIn(variable.value, [...stack, name], secrets);
    if (variable.secret && value) secrets.add(value);
    const result = { value, secrets: [...secrets] };
    // Dynamic values must stay fixed for one request: `{{id}}` used twice with `@id = {{$guid}}` is one id.
    this.cache.set(name, result);
    return result;
  }
}
