/**
 * The module's lifecycle, shared by the Node loader (module.ts) and the browser loader
 * (module-web.ts): the one instance, its generation, the messages libsolv printed, and the guard
 * that turns a trap into a typed error. No Node imports: the page bundle includes this file.
 */
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

/** What the host gives the module: where its printed lines go and what happens when it aborts. */
export interface ModuleHooks {
  /** One line printed on stdout or stderr. */
  print(line: string): void;
  /** libsolv aborted (out of memory): the instance is unusable. */
  onAbort(): void;
}

/** Makes an instance for {@link libsolv}; the Node loader registers one, the page sets its module directly. */
export type ModuleLoader = (options: LoadOptions, hooks: ModuleHooks) => LibsolvModule;

let instance: LibsolvModule | undefined;
let loader: ModuleLoader | undefined;
let generation = 0;
const messages: string[] = [];

const hooks: ModuleHooks = {
  print: (line) => {
    if (messages.length < 10_000) messages.push(line);
  },
  // libsolv aborts only when it runs out of memory; the module is unusable afterwards.
  onAbort: () => {
    instance = undefined;
  },
};

/** Registers how {@link libsolv} instantiates the module when none is loaded (module.ts does, for Node). */
export function setModuleLoader(load: ModuleLoader): void {
  loader = load;
}

/** Installs an instance made elsewhere (the page's asynchronous loader); handles of the previous one die. */
export function setModule(m: LibsolvModule): void {
  instance = m;
  generation++;
}

/** The hooks a loader passes to the instance it makes. */
export function moduleHooks(): ModuleHooks {
  return hooks;
}

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

/** The loaded module, instantiating it on first use with the registered loader. */
export function libsolv(options: LoadOptions = {}): LibsolvModule {
  if (instance) return instance;
  if (!loader) throw new GooseError('WASM_NOT_FOUND', 'the libsolv WebAssembly module is not loaded yet');
  instance = loader(options, hooks);
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
