/**
 * Loads libsolv's WebAssembly module once per process (per worker thread) in Node: reads
 * wasm/dist/libsolv.wasm and instantiates it through emscripten's libsolv.cjs, synchronously
 * (about 20 ms). The lifecycle itself is runtime.ts, which the page shares (module-web.ts is the
 * page's loader; the page bundle swaps it in for this file).
 *
 * This folder is the only code that sees pointers; src/solv wraps it in typed objects.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GooseError } from '../errors.js';
import { setModuleLoader, type LibsolvModule, type LoadOptions } from './runtime.js';

export { libsolv, takeMessages, moduleGeneration, guard, type LibsolvModule, type LoadOptions } from './runtime.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the committed module lives: wasm/dist beside the package. */
export const WASM_DIST = join(packageRoot, 'wasm', 'dist');

/** The part of the WebAssembly API used here (the project's type libraries leave it out). */
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WebAssembly.Module>;
  Instance: new (m: WebAssembly.Module, imports: object) => { exports: object };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: WebAssembly.Module | undefined;

/**
 * Starts compiling wasm/dist/libsolv.wasm on V8's background threads and resolves with the
 * module (undefined when the file cannot be read: the loader reports that later, as before).
 * The command line calls it first thing, so compilation overlaps loading its own code and
 * reading the repositories instead of blocking the first pool; pass the result to
 * {@link useCompiledLibsolv}.
 */
export function compileLibsolv(wasmPath = join(WASM_DIST, 'libsolv.wasm')): Promise<WebAssembly.Module | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(wasmPath);
  } catch {
    return Promise.resolve(undefined);
  }
  return WA.compile(bytes).catch(() => undefined);
}

/**
 * Makes the default loader instantiate `m` (from {@link compileLibsolv}, or one a worker thread
 * received) instead of compiling libsolv.wasm again. Threads given the same module share its
 * compiled (and optimised) code. Ignored when a load names its own wasm file or bytes.
 */
export function useCompiledLibsolv(m: WebAssembly.Module | undefined): void {
  compiled = m;
}

/** The compiled module the default loader uses (for worker threads), if one was given. */
export function compiledLibsolv(): WebAssembly.Module | undefined {
  return compiled;
}

setModuleLoader((options, hooks) => {
  const wasmPath = options.wasmPath ?? join(WASM_DIST, 'libsolv.wasm');
  const loaderPath = options.loaderPath ?? join(dirname(wasmPath), 'libsolv.cjs');
  const factory = options.factory ?? (createRequire(import.meta.url)(loaderPath) as (opts: object) => LibsolvModule);
  const m = compiled;
  if (m && !options.wasmPath && !options.wasmBinary) {
    // emscripten's hook: instantiate synchronously and hand it the instance.
    const instantiateWasm = (imports: object, receive: (i: { exports: object }, m: WebAssembly.Module) => void) => {
      const instance = new WA.Instance(m, imports);
      receive(instance, m);
      return instance.exports;
    };
    return factory({ instantiateWasm, print: hooks.print, printErr: hooks.print, onAbort: hooks.onAbort });
  }
  let wasmBinary: Uint8Array;
  try {
    wasmBinary = options.wasmBinary ?? readFileSync(wasmPath);
  } catch (e) {
    throw new GooseError('WASM_NOT_FOUND', `cannot read the libsolv WebAssembly module: ${(e as Error).message}`, { file: wasmPath });
  }
  return factory({ wasmBinary, print: hooks.print, printErr: hooks.print, onAbort: hooks.onAbort });
});
