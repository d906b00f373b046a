// One QuickJS runtime and context: the sandbox every script of one run executes in. Nothing of
// Node is reachable from inside: no require, no file system, no network, no process. The only
// way out is one host function that takes and returns strings (`HostOps`), installed into the
// prelude's closure and never onto the global object. Limits: a memory ceiling and a stack
// ceiling for the runtime, and a deadline per call enforced by QuickJS's interrupt handler,
// which code inside cannot catch.

import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';
import { dropQuickJsModule, grownTooLarge, quickJsModule } from './quickJsModule';
import { PRELUDE_FILENAME, PRELUDE_SOURCE, USER_SCRIPT_FILENAME } from './prelude';

export interface SandboxLimits {
  /** Heap ceiling of the runtime; an allocation beyond it is an out-of-memory error. */
  memoryBytes: number;
  /**
   * Stack ceiling. QuickJS checks it itself; above about 512 KB the WebAssembly frames behind
   * deep JS recursion overflow Node's own stack first, which would abort the host call.
   */
  stackBytes: number;
  /** Wall time per script call; the call runs synchronously, so this is its CPU time. */
  timeoutMs: number;
}

export const DEFAULT_LIMITS: SandboxLimits = { memoryBytes: 64 * 1024 * 1024, stackBytes: 256 * 1024, timeoutMs: 2000 };

/** What a script may ask of the host, by name; arguments and answers are strings. */
export type HostOps = Record<string, (...args: string[]) => string | undefined>;

/** Why a call did not finish normally (errors the script itself caught are not faults). */
export interface SandboxFault {
  kind: 'syntax' | 'error' | 'timeout' | 'memory' | 'stack' | 'unsettled' | 'crash';
  message: string;
  /** One-based line and column inside the code that was passed to `call`. */
  line?: number;
  column?: number;
}

/** `at <anonymous> (user-script.js:4:3)` or, for a syntax error, `at user-script.js:4:11`. */
const FRAME = new RegExp(`${USER_SCRIPT_FILENAME.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)(?::(\\d+))?`);

export function userFrame(stack: string | undefined): { line: number; column?: number } | undefined {
  const match = stack ? FRAME.exec(stack) : null;
  return match ? { line: Number(match[1]), column: match[2] ? Number(match[2]) : undefined } : undefined;
}

/**
 * What an error thrown inside means: QuickJS reports its limits as ordinary errors
 * (`InternalError: interrupted`, `out of memory`, `stack overflow`, `RangeError: invalid string
 * length`); they are said in words here, whether the script or the prelude let them through.
 */
export function classifyError(name: string, message: string, limits: SandboxLimits, kind: 'syntax' | 'error' = 'error'): SandboxFault {
  if (name === 'InternalError' && message === 'interrupted') return { kind: 'timeout', message: `it ran longer than ${limits.timeoutMs} ms (an endless loop?)` };
  if ((name === 'InternalError' && /out of memory|string too long/.test(message)) || (name === 'RangeError' && /invalid (string|array) length/.test(message))) {
    return { kind: 'memory', message: `it needed more than the ${Math.round(limits.memoryBytes / (1024 * 1024))} MB a script may use (${name}: ${message})` };
  }
  if ((name === 'InternalError' || name === 'RangeError') && /stack overflow|call stack/i.test(message)) return { kind: 'stack', message: 'it recursed too deeply (stack overflow)' };
  return { kind, message: `${name}: ${message}` };
}

export class ScriptSandbox {
  private disposed = false;
  private deadline = 0;

  private constructor(
    private readonly module: QuickJSWASMModule,
    private readonly runtime: QuickJSRuntime,
    private readonly context: QuickJSContext,
    private readonly hostFunction: QuickJSHandle,
    private readonly runner: QuickJSHandle,
    private readonly limits: SandboxLimits,
  ) {}

  /** Builds a runtime and context, and installs the prelude (the scripting API) with `ops` behind it. */
  static async open(ops: HostOps, limits: SandboxLimits = DEFAULT_LIMITS): Promise<ScriptSandbox> {
    const module = await quickJsModule();
    const runtime = module.newRuntime();
    runtime.setMemoryLimit(limits.memoryBytes);
    runtime.setMaxStackSize(limits.stackBytes);
    const context = runtime.newContext();
    let sandbox: ScriptSandbox | undefined;
    const hostFunction = context.newFunction('host', (...args) => {
      const [op, ...rest] = args.map((handle) => (context.typeof(handle) === 'string' ? context.getString(handle) : ''));
      const implementation = op === undefined ? undefined : Object.hasOwn(ops, op) ? ops[op] : undefined;
      if (!implementation) return { error: context.newError(`unknown host operation '${op}'`) };
      try {
        const answer = implementation(...rest);
        return answer === undefined ? context.undefined : context.newString(answer);
      } catch (error) {
        // Only the message crosses: a host stack or object never reaches the script.
        return { error: context.newError(error instanceof Error ? error.message : String(error)) };
      }
    });
    try {
      runtime.setInterruptHandler(() => sandbox !== undefined && Date.now() > sandbox.deadline);
      const prelude = context.evalCode(PRELUDE_SOURCE, PRELUDE_FILENAME);
      const factory = context.unwrapResult(prelude);
      const runner = context.unwrapResult(context.callFunction(factory, context.undefined, hostFunction));
      factory.dispose();
      sandbox = new ScriptSandbox(module, runtime, context, hostFunction, runner, limits);
      return sandbox;
    } catch (error) {
      hostFunction.dispose();
      context.dispose();
      runtime.dispose();
      throw error;
    }
  }

  get alive(): boolean {
    return !this.disposed;
  }

  /**
   * Compiles `code` (a function expression, e.g. `(function () { … })`) under the name the fault
   * lines refer to, and hands it with `input` to the prelude's runner. Promises the code leaves
   * are driven to the end within the same deadline. Returns the fault, if any; after a timeout,
   * out-of-memory, stack overflow or crash the sandbox is disposed and must be opened again.
   */
  call(code: string, input: string, isDone: () => boolean): SandboxFault | undefined {
    if (this.disposed) return { kind: 'crash', message: 'the script sandbox was closed' };
    this.deadline = Date.now() + this.limits.timeoutMs;
    let fault: SandboxFault | undefined;
    try {
      const compiled = this.context.evalCode(code, USER_SCRIPT_FILENAME);
      if (compiled.error) {
        fault = this.faultOf(compiled.error, 'syntax');
        compiled.error.dispose();
      } else {
        const inputHandle = this.context.newString(input);
        const result = this.context.callFunction(this.runner, this.context.undefined, compiled.value, inputHandle);
        inputHandle.dispose();
        compiled.value.dispose();
        if (result.error) {
          fault = this.faultOf(result.error, 'error');
          result.error.dispose();
        } else {
          result.value.dispose();
          fault = this.settle(isDone);
        }
      }
    } catch (error) {
      // A RangeError from V8 (recursion deeper than Node's stack) or an abort inside the
      // WebAssembly module: its state is unknown, so neither this runtime nor the module is reused.
      fault = error instanceof RangeError ? { kind: 'stack', message: 'it recursed too deeply (stack overflow)' } : { kind: 'crash', message: `the sandbox failed (${error instanceof Error ? error.message : String(error)})` };
      this.disposed = true;
      dropQuickJsModule(this.module);
      return fault;
    }
    if (fault && (fault.kind === 'timeout' || fault.kind === 'memory' || fault.kind === 'stack')) this.dispose();
    return fault;
  }

  /**
   * Runs the jobs promises left (an async script, `.then` callbacks) until the runner says it is
   * done and none are left: a JetBrains script may start a promise chain it does not wait for.
   */
  private settle(isDone: () => boolean): SandboxFault | undefined {
    for (;;) {
      if (!this.runtime.hasPendingJob()) {
        if (isDone()) return undefined;
        return { kind: 'unsettled', message: 'it awaits something that never finishes (there are no timers or network in the sandbox)' };
      }
      const jobs = this.runtime.executePendingJobs();
      if (jobs.error) {
        const fault = this.faultOf(jobs.error, 'error');
        jobs.error.dispose();
        return fault;
      }
    }
  }

  private faultOf(handle: QuickJSHandle, kind: 'syntax' | 'error'): SandboxFault {
    const dumped = this.context.dump(handle) as unknown;
    const error = typeof dumped === 'object' && dumped !== null ? (dumped as { name?: unknown; message?: unknown; stack?: unknown; lineNumber?: unknown }) : { message: dumped };
    const name = typeof error.name === 'string' ? error.name : 'Error';
    const message = typeof error.message === 'string' ? error.message : String(error.message);
    const frame = userFrame(typeof error.stack === 'string' ? error.stack : undefined);
    return { ...classifyError(name, message, this.limits, kind), ...frame };
  }

  /** Frees the runtime. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    try {
      this.runner.dispose();
      this.hostFunction.dispose();
      this.context.dispose();
      this.runtime.dispose();
    } catch {
      // QuickJS aborts when objects outlive their runtime; the module is not trusted after that.
      dropQuickJsModule(this.module);
      return;
    }
    if (grownTooLarge(this.module)) dropQuickJsModule(this.module);
  }
}
