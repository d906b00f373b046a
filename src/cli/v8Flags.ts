// The V8 flags of the commands that send. main() sets them before it loads the command's bundle
// (the code cache V8 makes under some flags is rejected under others, see codeCache.ts); the
// commands set them again for callers that skip main (tests, the sources under tsx).
import { setFlagsFromString } from 'node:v8';

// undici parses HTTP with llhttp compiled to WebAssembly; V8 re-optimises it on background
// threads and a process cannot exit until that finishes: 100-500 ms added to every short run.
// The baseline compiler is plenty for a CLI; set before undici compiles its first parser.
const LIFTOFF_ONLY = '--liftoff-only';

// JavaScript likewise: a run's code is called once per request, and at V8's default budget
// (66 KB of bytecode run) most of it is sent to TurboFan after a few hundred requests, whose
// compiles on the second core and deoptimisations cost more than the optimised code saves in
// a process that lives a second: 1,000 GETs took 1.40 s of CPU and 1.19 s, 1.10 s and 1.09 s
// with 8 times the budget (load ~1; 32 times: no better; --no-opt: 1.24 s and 1.42 s), and a
// 6-request sandbox run with TLS and validation 1.04 → 0.85 s of CPU. Hot loops (parsing,
// schema validation of a big body) still reach TurboFan, later.
const LATE_OPTIMISATION = '--interrupt-budget=540672';

/** `regx run`. */
export const RUN_V8_FLAGS: readonly string[] = [LIFTOFF_ONLY, LATE_OPTIMISATION];
/** `regx flow` and `regx test`. */
export const FLOW_V8_FLAGS: readonly string[] = [LIFTOFF_ONLY];

export function setV8Flags(flags: readonly string[]): void {
  for (const flag of flags) setFlagsFromString(flag);
}
