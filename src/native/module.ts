/**
 * Loads libsolv's WebAssembly module once per process (per worker thread) and owns its lifecycle.
 *
 * This folder is the only code that sees pointers; src/solv wraps it in typed objects.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GooseError, InternalError } from '../errors.js';

/** The raw exports of wasm/dist/libsolv.cjs that goose-deps uses (see wasm/exports.txt). */
export interface LibsolvModule {
  HEAPU8: Uint8Array;
  HEAP32: Int32Array;
  HEAPU32: Uint32Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  UTF8ToString(ptr: number, maxBytes?: number): string;
  stringToUTF8(s: string, ptr: number, maxBytes: number): void;
  lengthBytesUTF8(s: string): number;
  [glue: `_gd_${string}`]: (...args: number[]) => number;
}

/** Options for where the module's files live (tests and bundlers override them). */
export interface LoadOptions {
  /** Path of libsolv.wasm; default: wasm/dist beside the package. */
  wasmPath?: string;
  /** Path of the emscripten loader libsolv.cjs; default: beside wasmPath. */
  loaderPath?: string;
  /** The module's bytes, when they come from elsewhere than a file (a bundle, a page); wins over wasmPath. */
  wasmBinary?: Uint8Array;
  /** The emscripten factory itself (createLibsolv), when it is already loaded; wins over loaderPath. */
  factory?: (opts: object) => LibsolvModule;
}

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const defaultWasm = join(packageRoot, 'wasm', 'dist', 'libsolv.wasm');

let instance: LibsolvModule | undefined;
let generation = 0;
const messages: string[] = [];

/**
 * Lines libsolv reported (errors and warnings, which our pools send to a buffer instead of
 * stderr) since the last call.
 */
export function takeMessages(): string[] {
  const out = messages.splice(0, messages.length);
  if (instance) {
    const p = instance._gd_take_messages();
    if (p) {
      out.push(...instance.UTF8ToString(p).split('\n').filter((l) => l));
      instance._gd_free(p);
    }
  }
  return out;
}

/** The loaded module, instantiating it on first use (synchronously: about 20 ms). */
export function libsolv(options: LoadOptions = {}): LibsolvModule {
  if (instance) return instance;
  const wasmPath = options.wasmPath ?? defaultWasm;
  const loaderPath = options.loaderPath ?? join(dirname(wasmPath), 'libsolv.cjs');
  let wasmBinary: Uint8Array;
  try {
    wasmBinary = options.wasmBinary ?? readFileSync(wasmPath);
  } catch (e) {
    throw new GooseError('WASM_NOT_FOUND', `cannot read the libsolv WebAssembly module: ${(e as Error).message}`, { file: wasmPath });
  }
  const factory = options.factory ?? (createRequire(import.meta.url)(loaderPath) as (opts: object) => LibsolvModule);
  const keep = (line: string) => {
    if (messages.length < 10_000) messages.push(line);
  };
  instance = factory({
    wasmBinary,
    print: keep,
    printErr: keep,
    // libsolv aborts only when it runs out of memory; the module is unusable afterwards.
    onAbort: () => {
      instance = undefined;
    },
  });
  generation++;
  return instance;
}

/** Increments each time the module is (re)instantiated; handles from older generations are dead. */
export function moduleGeneration(): number {
  return generation;
}

/**
 * Runs `fn` and turns a WebAssembly trap into a typed error: LIBSOLV_OUT_OF_MEMORY when libsolv
 * ran out of memory, an InternalError LIBSOLV_ABORT (a bug) otherwise. The module is discarded
 * after a trap: every handle from it is invalid.
 */
export function guard<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if ((e as Error)?.constructor?.name === 'RuntimeError' || (e instanceof Error && /^abort\(|Aborted/.test(e.message))) {
      instance = undefined;
      const oom = /memory|Cannot enlarge/i.test(String((e as Error).message) + takeMessages().join('\n'));
      const message = `libsolv stopped while ${what}: ${(e as Error).message}`;
      if (oom) throw new GooseError('LIBSOLV_OUT_OF_MEMORY', message, {}, { cause: e });
      throw new InternalError(message, { code: 'LIBSOLV_ABORT', cause: e });
    }
    throw e;
  }
}
