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

setModuleLoader((options, hooks) => {
  const wasmPath = options.wasmPath ?? join(WASM_DIST, 'libsolv.wasm');
  const loaderPath = options.loaderPath ?? join(dirname(wasmPath), 'libsolv.cjs');
  let wasmBinary: Uint8Array;
  try {
    wasmBinary = options.wasmBinary ?? readFileSync(wasmPath);
  } catch (e) {
    throw new GooseError('WASM_NOT_FOUND', `cannot read the libsolv WebAssembly module: ${(e as Error).message}`, { file: wasmPath });
  }
  const factory = options.factory ?? (createRequire(import.meta.url)(loaderPath) as (opts: object) => LibsolvModule);
  return factory({ wasmBinary, print: hooks.print, printErr: hooks.print, onAbort: hooks.onAbort });
});
