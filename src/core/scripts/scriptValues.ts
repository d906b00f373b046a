// Values scripts store (JetBrains `client.global`, httpYac `exports` and `$global`), kept as the
// JSON the script gave so `get` returns what `set` received, and shown to `{{name}}` as text.

import type { VariableValue } from '../variables/types';

export interface StoredValue {
  /** JSON text of the value. */
  json: string;
  /** It contains a secret the run knew when it was set: redacted wherever it is written down. */
  secret: boolean;
}

/** How a stored value reads in a request: strings as they are, `null` as nothing, the rest as JSON. */
export function valueText(json: string): string {
  const value = JSON.parse(json) as unknown;
  if (typeof value === 'string') return value;
  if (value === null) return '';
  return JSON.stringify(value);
}

/** A JSON text as the prelude gives it; anything else is stored as the string it is. */
export function normaliseJson(json: string): string {
  try {
    JSON.parse(json);
    return json;
  } catch {
    return JSON.stringify(json);
  }
}

export function containsSecret(text: string, secrets: Iterable<string>): boolean {
  // Secrets under three characters are redacted by name only (see Redactor); matching them here would taint everything.
  for (const secret of secrets) if (secret.length >= 3 && text.includes(secret)) return true;
  return false;
}

/** Counted per entry on top of its name and JSON text: a million empty names are not free either. */
const ENTRY_OVERHEAD = 64;

/**
 * What a group of stores may keep on the host, in UTF-16 code units (about two bytes each). The
 * sandbox's heap is bounded; what a script hands out through `client.global.set` in a loop would
 * not be without this, and it outlives the call (globals live as long as the window).
 */
export class ValueBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  /** Throws when `grow` more would pass the limit. */
  check(grow: number, name: string): void {
    if (grow > 0 && this.used + grow > this.limit) {
      throw new Error(`the values scripts keep (client.global, exports, request.variables) may take up to ${Math.round((this.limit * 2) / (1024 * 1024))} MB; storing '${name.slice(0, 80)}' would pass that`);
    }
  }

  /** Takes `grow` more (or gives back, when negative); throws, taking nothing, when it would pass the limit. */
  take(grow: number, name: string): void {
    this.check(grow, name);
    this.used = Math.max(0, this.used + grow);
  }

  get usedUnits(): number {
    return this.used;
  }
}

/** Globals of a runner (window / process), and separately one run's exports and request variables: 16 MB each. */
export const DEFAULT_VALUE_UNITS = 8 * 1024 * 1024;

/**
 * A name → value store. The editor keeps one `ScriptValueStore` of globals for the whole window
 * session, as JetBrains keeps `client.global` until the IDE closes; the CLI one per process.
 */
export class ScriptValueStore {
  private readonly values = new Map<string, StoredValue>();

  constructor(private readonly budget = new ValueBudget(DEFAULT_VALUE_UNITS)) {}

  get(name: string): StoredValue | undefined {
    return this.values.get(name);
  }

  set(name: string, json: string, secrets: Iterable<string>): void {
    const before = this.sizeOf(name);
    // Refused before it is parsed: a value that cannot fit is not looked at.
    this.budget.check(name.length + json.length + ENTRY_OVERHEAD - before, name);
    const normalised = normaliseJson(json);
    this.budget.take(name.length + normalised.length + ENTRY_OVERHEAD - before, name);
    this.values.set(name, { json: normalised, secret: containsSecret(valueText(normalised), secrets) });
  }

  delete(name: string): void {
    this.budget.take(-this.sizeOf(name), name);
    this.values.delete(name);
  }

  clear(): void {
    for (const name of this.values.keys()) this.budget.take(-this.sizeOf(name), name);
    this.values.clear();
  }

  private sizeOf(name: string): number {
    const stored = this.values.get(name);
    return stored ? name.length + stored.json.length + ENTRY_OVERHEAD : 0;
  }

  names(): string[] {
    return [...this.values.keys()];
  }

  get size(): number {
    return this.values.size;
  }

  /** As variables for the scope, `origin` naming where they were set. */
  asVariables(origin: string, into = new Map<string, VariableValue>()): Map<string, VariableValue> {
    for (const [name, stored] of this.values) into.set(name, { value: valueText(stored.json), source: 'script', secret: stored.secret, origin });
    return into;
  }
}
