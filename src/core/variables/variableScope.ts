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
  /**
   * Values scripts have set (JetBrains `client.global` and `request.variables`, httpYac
   * `exports`): below the environment, as JetBrains ranks its environment over script globals.
   */
  scriptVariables?: ReadonlyMap<string, VariableValue>;
  /** `$shared` values (`LoadedEnvironments.select(undefined)`), for `{{$shared name}}`. */
  shared?: Map<string, VariableValue>;
  processEnv?: Record<string, string | undefined>;
  /** Named requests that have run. */
  exchanges?: ReadonlyMap<string, NamedExchange>;
  /** Names of every request in the file: a reference to one that has not run is pending, not unresolved. */
  requestNames?: ReadonlySet<string>;
  /**
   * Old variable names → the names that replaced them (the catalog's `aliases`). Either spelling
   * resolves to whichever is defined, for one release; `onDeprecated` hears of each use.
   */
  aliases?: ReadonlyMap<string, string>;
  onDeprecated?(oldName: string, newName: string): void;
  now?: () => Date;
  random?: () => number;
  randomUUID?: () => string;
}

const REFERENCE = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** One source of named values, looked up by name (first layer that has it wins). */
interface Layer {
  get(name: string): RawVariable | undefined;
  entries(): Iterable<[string, RawVariable]>;
}

const EMPTY_LAYER: Layer = { get: () => undefined, entries: () => [] };

/** Name → entry of a parsed file's (or block's) variables, the last definition winning; once per list. */
const listIndexes = new WeakMap<readonly { name: string; value: string }[], Map<string, { name: string; value: string }>>();

// Layers read their source when asked (a map a script adds to is seen), so one layer per source
// serves every scope made over it: a scope is made per request.
const listLayers = new WeakMap<readonly { name: string; value: string }[], { source: string; origin: string | undefined; layer: Layer }>();
const valueLayers = new WeakMap<object, Layer>();

function listLayer(list: { name: string; value: string }[] | undefined, source: 'request' | 'file', origin: string | undefined): Layer {
  if (!list?.length) return EMPTY_LAYER;
  const known = listLayers.get(list);
  if (known && known.source === source && known.origin === origin) return known.layer;
  const layer = newListLayer(list, source, origin);
  listLayers.set(list, { source, origin, layer });
  return layer;
}

function newListLayer(list: { name: string; value: string }[], source: 'request' | 'file', origin: string | undefined): Layer {
  let index = listIndexes.get(list);
  if (!index) listIndexes.set(list, (index = new Map(list.map((v) => [v.name, v]))));
  // A literal, not `{ ...v, source, … }`: a spread that gains keys costs microseconds per lookup in Node 20 (objectSpread.mjs).
  const raw = (v: { name: string; value: string }): RawVariable => ({ name: v.name, value: v.value, source, secret: false, origin });
  return {
    get: (name) => {
      const found = index.get(name);
      return found && raw(found);
    },
    entries: () => [...index].map(([name, v]): [string, RawVariable] => [name, raw(v)]),
  };
}

function secretLayer(secrets: Record<string, string> | undefined): Layer {
  if (!secrets) return EMPTY_LAYER;
  let layer = valueLayers.get(secrets);
  if (!layer) valueLayers.set(secrets, (layer = newSecretLayer(secrets)));
  return layer;
}

function newSecretLayer(secrets: Record<string, string>): Layer {
  const raw = (name: string): RawVariable => ({ name, value: secrets[name]!, source: 'secret', secret: true });
  return {
    get: (name) => (Object.prototype.hasOwnProperty.call(secrets, name) ? raw(name) : undefined),
    entries: () => Object.keys(secrets).map((name): [string, RawVariable] => [name, raw(name)]),
  };
}

function valueLayer(map: ReadonlyMap<string, VariableValue> | undefined): Layer {
  if (!map) return EMPTY_LAYER;
  let layer = valueLayers.get(map);
  if (!layer) valueLayers.set(map, (layer = newValueLayer(map)));
  return layer;
}

function newValueLayer(map: ReadonlyMap<string, VariableValue>): Layer {
  const raw = (name: string, v: VariableValue): RawVariable => ({ name, value: v.value, source: v.source, secret: v.secret, origin: v.origin });
  return {
    get: (name) => {
      const v = map.get(name);
      return v && raw(name, v);
    },
    entries: () => [...map].map(([name, v]): [string, RawVariable] => [name, raw(name, v)]),
  };
}

const replacedOf = new WeakMap<ReadonlyMap<string, string>, ReadonlyMap<string, string>>();

/** New name → old name of an alias table, once per table (a scope is made per request). */
function replacedNames(aliases: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  let replaced = replacedOf.get(aliases);
  if (!replaced) {
    const map = new Map<string, string>();
    for (const [oldName, newName] of aliases) if (!map.has(newName)) map.set(newName, oldName);
    replacedOf.set(aliases, (replaced = map));
  }
  return replaced;
}

/** Dynamic variables whose value a run does not change: reading one does not make a resolution volatile. */
const STABLE_DYNAMIC = /^\$(processEnv|dotenv|shared)(\s|$)/;

export class VariableScope {
  private readonly layers: Layer[];
  private readonly cache = new Map<string, { value: string; secrets: string[] }>();
  private dynamicHostMade: DynamicHost | undefined;
  /** New name → old name, for a file written with the new name while the value keeps the old one. */
  private readonly replaced: ReadonlyMap<string, string>;
  /**
   * True once a value was read that the same text may not resolve to again later in a run: a
   * dynamic variable that changes (`{{$guid}}`, `{{$timestamp}}`; not the process environment,
   * `.env` or `$shared`, which a run does not change), a response reference or a script global.
   */
  volatile = false;

  constructor(private readonly input: VariableScopeInput) {
    this.replaced = input.aliases ? replacedNames(input.aliases) : new Map();
    // Layers are looked up, not copied: a scope is made per request (and per block when a run's
    // cost is projected), and copying every environment, .env and file variable into new maps
    // each time was most of what preparing a request cost.
    this.layers = [
      listLayer(input.requestVariables, 'request', input.file),
      listLayer(input.fileVariables, 'file', input.file),
      secretLayer(input.secrets),
      valueLayer(input.environment),
      valueLayer(input.scriptVariables),
      valueLayer(input.dotenv),
    ];
  }

  // Made on the first `{{$…}}`: most requests have none.
  private get dynamicHost(): DynamicHost {
    const input = this.input;
    return (this.dynamicHostMade ??= {
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
    });
  }

  /** The variable a name refers to (unresolved value), with where it comes from. */
  find(name: string): RawVariable | undefined {
    // Indexed, not for-of: test/bench/forOf.mjs.
    for (let i = 0; i < this.layers.length; i++) {
      const found = this.layers[i]!.get(name);
      if (found) return found;
    }
    return undefined;
  }

  /** Every named variable visible, first layer wins. */
  all(): RawVariable[] {
    const seen = new Map<string, RawVariable>();
    for (const layer of this.layers) for (const [name, v] of layer.entries()) if (!seen.has(name)) seen.set(name, v);
    return [...seen.values()];
  }

  /** Replaces every `{{…}}` in `text`. Throws `UnresolvedVariableError` or `PendingResponseError`. */
  resolve(text: string): ResolvedText {
    if (!text.includes('{{')) return { text, secrets: [] };
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
    // Most texts of a request (header values, bodies) hold no reference at all.
    if (!text.includes('{{')) return text;
    return text.replace(REFERENCE, (_whole, expression: string) => this.evaluateExpression(expression, stack, secrets));
  }

  private evaluateExpression(expression: string, stack: string[], secrets: Set<string>): string {
    // httpYac reads script globals as `{{$global.name}}`.
    const scriptGlobal = /^\$global\.([\w$]+)$/.exec(expression);
    if (scriptGlobal) {
      this.volatile = true;
      const value = this.input.scriptVariables?.get(scriptGlobal[1]!);
      if (!value) throw new UnresolvedVariableError(expression, `'{{${expression}}}': no script has set $global.${scriptGlobal[1]} (scripts run only when allowed)`);
      if (value.secret) secrets.add(value.value);
      return value.value;
    }
    if (expression.startsWith('$')) {
      if (!STABLE_DYNAMIC.test(expression)) this.volatile = true;
      const value = evaluateDynamic(expression, this.dynamicHost);
      if (value.secret) secrets.add(value.value);
      return value.value;
    }
    if (isResponseReference(expression) && !this.find(expression)) {
      this.volatile = true;
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
      const other = this.input.aliases?.get(name) ?? this.replaced.get(name);
      if (other && this.find(other)) {
        const isOld = this.input.aliases?.has(name) ?? false;
        this.input.onDeprecated?.(isOld ? name : other, isOld ? other : name);
        const result = this.resolveName(other, stack);
        this.cache.set(name, result);
        return result;
      }
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
