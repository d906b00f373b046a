// Loads QuickJS, compiled to WebAssembly, once per process. Every run of scripts gets its own
// QuickJS runtime and context inside this one module (see ScriptSandbox); the module itself holds
// nothing of a run. It is dropped and built again after a fault that may have left its memory in
// an unknown state, and when a run made its linear memory grow far (WebAssembly memory never
// shrinks, and the extension host lives for hours).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import releaseSync from '@jitl/quickjs-wasmfile-release-sync';

/** The build copies the engine here (next to dist/extension-heavy.js and one folder above dist/commands/*.js). */
export const BUNDLED_WASM_NAME = 'quickjs.wasm';

/** A module whose linear memory grew past this is replaced before the next run. */
const RECYCLE_ABOVE_BYTES = 256 * 1024 * 1024;

let compiled: Promise<WebAssembly.Module> | undefined;
let current: Promise<QuickJSWASMModule> | undefined;

function wasmPath(): string {
  const candidates = [join(__dirname, BUNDLED_WASM_NAME), join(__dirname, '..', BUNDLED_WASM_NAME)];
  for (const candidate of candidates) if (existsSync(candidate)) return candidate;
  // Running from the sources (tests, tsx): the package's own file.
  const packaged = '@jitl/quickjs-wasmfile-release-sync/wasm';
  return require.resolve(packaged);
}

/** The shared module; compiled on first use (about 20 ms), then reused. */
export function quickJsModule(): Promise<QuickJSWASMModule> {
  compiled ??= Promise.resolve().then(() => WebAssembly.compile(readFileSync(wasmPath())));
  current ??= compiled.then((wasmModule) => newQuickJSWASMModuleFromVariant(newVariant(releaseSync, { wasmModule })));
  // A failed load must not stick: the next run tries again and reports its own error.
  current.catch(() => {
    current = undefined;
    compiled = undefined;
  });
  return current;
}

/** Forget the module (after a fault, or when it grew too big): the next run instantiates a fresh one. */
export function dropQuickJsModule(module?: QuickJSWASMModule): void {
  if (!current) return;
  if (!module) {
    current = undefined;
    return;
  }
  void current.then((loaded) => {
    if (loaded === module) current = undefined;
  });
}

/** Bytes of WebAssembly memory the module holds now. */
export function linearMemoryBytes(module: QuickJSWASMModule): number {
  const extensions = (module as unknown as { module?: { quickJSEmscriptenExtensions?: { getWasmMemory?(): WebAssembly.Memory } } }).module?.quickJSEmscriptenExtensions;
  return extensions?.getWasmMemory?.().buffer.byteLength ?? 0;
}

/** True when the module should be replaced rather than reused. */
export function grownTooLarge(module: QuickJSWASMModule): boolean {
  return linearMemoryBytes(module) > RECYCLE_ABOVE_BYTES;
}
