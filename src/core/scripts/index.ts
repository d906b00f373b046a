// Request and response scripts (JetBrains `> {% %}` / `< {% %}` / handler files, httpYac
// `{{ }}`) in a QuickJS sandbox. See README.md.
export { createScriptRunner, type ScriptRunnerOptions } from './scriptRunner';
export { ScriptValueStore } from './scriptValues';
export { DEFAULT_LIMITS, type SandboxLimits } from './scriptSandbox';
export type { ScriptOutcome, ScriptRequestView, ScriptResponseView, ScriptRunContext, ScriptRunner, ScriptSession } from './types';
