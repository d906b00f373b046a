// The ScriptRunner an adapter hands the runner when scripts may run: the CLI with
// --allow-scripts (or the project setting), the editor in a trusted workspace. It holds what
// outlives one run: the JetBrains `client.global` values and the limits.

import { DEFAULT_SESSION_LIMITS, SandboxScriptSession, type SessionLimits } from './scriptSession';
import { ScriptValueStore } from './scriptValues';
import type { ScriptRunner } from './types';

export interface ScriptRunnerOptions {
  /** Globals kept between runs (the editor passes one store for the window session). */
  globals?: ScriptValueStore;
  limits?: Partial<SessionLimits>;
}

export function createScriptRunner(options: ScriptRunnerOptions = {}): ScriptRunner {
  const globals = options.globals ?? new ScriptValueStore();
  const limits: SessionLimits = { ...DEFAULT_SESSION_LIMITS, ...options.limits };
  return { open: (context) => new SandboxScriptSession(context, globals, limits) };
}
