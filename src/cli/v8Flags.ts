// The V8 flags of the commands that send. main() sets them before it loads the command's bundle
// (the code cache V8 makes under some flags is rejected under others, see codeCache.ts); the
// commands set them again for callers that skip main (tests, the sources under tsx).
import { setFlagsFromString } from 'node:v8';

// undici parses HTTP with llhttp compiled to WebAssembly. V8 first runs it as baseline (Liftoff)
// code and re-optimises the hot functions on a background thread, which a process cannot exit
// before that compile ends (~130 ms here): at V8's tiering budget it starts within the first
// request, adding 100-500 ms to every short run. `--liftoff-only` kept it out altogether, but a
// long run then parses every response with baseline code: 1,000 GETs used ~70 ms more of the main
// thread, and a sequential run is main-thread bound. With 220 times the budget, runs of 50
// requests never start the compile (1 and 50 requests: the same time as `--liftoff-only`, 10
// interleaved rounds) and a run of 1,000 starts it early and gains: 1.40 → 1.30 the undici floor
// (10 rounds; --parallel 50 0.97 → 1.06, its goal 1.2). The compile's memory shows in the peak:
// 79 → 105 MB for 1,000 GETs (the floor's 101 MB; runs of 50 stay at 62). Set before undici
// compiles its first parser.
const WASM_LATE_OPTIMISATION = '--wasm-tiering-budget=400000000';
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
export const RUN_V8_FLAGS: readonly string[] = [WASM_LATE_OPTIMISATION, LATE_OPTIMISATION];
/** `regx flow` and `regx test`. */
export const FLOW_V8_FLAGS: readonly string[] = [LIFTOFF_ONLY];

export function setV8Flags(flags: readonly string[]): void {
  for (const flag of flags) setFlagsFromString(flag);
}
