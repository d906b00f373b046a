// The one way into the heavy bundle (see ./heavy). The main bundle marks './extension-heavy.js'
// external, so this require() stays a run-time load of the file next to dist/extension.js; the
// type-only import keeps every call site checked against what ./heavy really exports.
import type * as Heavy from './heavy';

export type HeavyModules = typeof Heavy;

let loaded: HeavyModules | undefined;

/**
 * The heavy modules, loaded (synchronously, once) on the first completion, hover, send, tree
 * expand… Synchronous because require() is: an async wrapper would only add a tick.
 */
export function heavy(): HeavyModules {
  loaded ??= require('./extension-heavy.js') as HeavyModules;
  return loaded;
}
