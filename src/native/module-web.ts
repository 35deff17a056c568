/**
 * The page's loader of libsolv.wasm (the browser bundle uses this file in place of module.ts):
 * the same .wasm as Node's, instantiated asynchronously (browsers compile large modules only
 * asynchronously on the main thread) with a small host of our own in place of emscripten's
 * Node-only loader. The page has no files: opening one fails, stdout and stderr become messages.
 */
import { moduleHooks, setModule, type LibsolvModule } from './runtime.js';
import type { WebGlue } from './web-glue.js';

export { libsolv, takeMessages, moduleGeneration, guard, type LibsolvModule, type LoadOptions } from './runtime.js';

/** The part of the WebAssembly API this loader uses (the project's type libraries leave it out). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
  RuntimeError: new (message: string) => Error;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const ENOENT = 44;
const EBADF = 8;
const MAX_HEAP = 4 * 1024 * 1024 * 1024;
const PAGE = 65536;

/** Instantiates `wasm` (bytes of wasm/dist/libsolv.wasm) with the names `glue` read from its loader, and makes it the module. */
export async function loadLibsolvWeb(wasm: Uint8Array, glue: WebGlue): Promise<LibsolvModule> {
  let memory: WasmMemory | undefined;
  let u8 = new Uint8Array(0);
  let i32 = new Int32Array(0);
  let u32 = new Uint32Array(0);
  const views = () => {
    if (u8.buffer !== memory!.buffer) {
      u8 = new Uint8Array(memory!.buffer);
      i32 = new Int32Array(memory!.buffer);
      u32 = new Uint32Array(memory!.buffer);
    }
  };
  const hooks = moduleHooks();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const pending = ['', '', ''];
  const UTF8ToString = (ptr: number, maxBytes?: number): string => {
    views();
    ptr >>>= 0;
    if (!ptr) return '';
    const limit = maxBytes === undefined ? u8.length : Math.min(u8.length, ptr + maxBytes);
    let end = ptr;
    while (end < limit && u8[end]) end++;
    return decoder.decode(u8.subarray(ptr, end));
  };
  const host: Record<string, (...a: number[]) => number | void> = {
    ___syscall_open: () => -ENOENT,
    ___syscall_mkdir: () => -ENOENT,
    ___syscall_dup: () => -EBADF,
    ___syscall_fcntl64: () => -EBADF,
    ___syscall_ioctl: () => -EBADF,
    _abort: () => {
      hooks.onAbort();
      throw new WA.RuntimeError('Aborted()');
    },
    _exit: (code: number) => {
      throw new WA.RuntimeError(`Aborted(exit ${code})`);
    },
    _emscripten_memcpy_big: (dest: number, src: number, num: number) => {
      views();
      u8.copyWithin(dest >>> 0, src >>> 0, (src >>> 0) + (num >>> 0));
    },
    _emscripten_resize_heap: (requested: number) => {
      requested >>>= 0;
      const old = memory!.buffer.byteLength;
      if (requested > MAX_HEAP) return 0;
      // emscripten's policy: grow by 20% (less when that fails), at most 96 MB past the request.
      for (let cut = 1; cut <= 4; cut *= 2) {
        const over = Math.min(old * (1 + 0.2 / cut), requested + 100663296);
        const size = Math.min(MAX_HEAP, Math.ceil(Math.max(requested, over) / PAGE) * PAGE);
        try {
          memory!.grow((size - old + PAGE - 1) >>> 16);
          views();
          return 1;
        } catch {
          // try a smaller step
        }
      }
      return 0;
    },
    _environ_sizes_get: (count: number, size: number) => {
      views();
      i32[count >>> 2] = 0;
      i32[size >>> 2] = 0;
      return 0;
    },
    _environ_get: () => 0,
    _fd_close: () => 0,
    _fd_read: () => EBADF,
    _fd_pread: () => EBADF,
    _fd_seek: () => EBADF,
    _fd_write: (fd: number, iov: number, iovcnt: number, pnum: number) => {
      views();
      let total = 0;
      for (let k = 0; k < iovcnt; k++) {
        const ptr = u32[(iov >>> 2) + 2 * k];
        const len = u32[(iov >>> 2) + 2 * k + 1];
        total += len;
        if (fd === 1 || fd === 2) {
          const lines = (pending[fd] + decoder.decode(u8.subarray(ptr, ptr + len))).split('\n');
          pending[fd] = lines.pop()!;
          for (const l of lines) hooks.print(l);
        }
      }
      i32[pnum >>> 2] = total;
      return fd === 1 || fd === 2 ? 0 : EBADF;
    },
    // glue.c's reader (Repo.addRpmmdSegments): the callback marshal.ts's withSegmentReader puts on the module.
    gd_js_read: (buf: number, size: number) => (m as { gdRead?: (buf: number, size: number) => number }).gdRead?.(buf, size) ?? -1,
    _gettimeofday: (ptr: number) => {
      views();
      const now = Date.now();
      i32[ptr >>> 2] = (now / 1e3) | 0;
      i32[(ptr + 4) >>> 2] = ((now % 1e3) * 1e3) | 0;
      return 0;
    },
  };
  const a: Record<string, (...args: number[]) => number | void> = {};
  for (const [key, name] of Object.entries(glue.imports)) {
    const f = host[name];
    a[key] = f ?? (() => {
      throw new WA.RuntimeError(`Aborted(the page has no ${name})`);
    });
  }
  const { instance } = await WA.instantiate(wasm, { a });
  const ex = instance.exports;
  memory = ex[glue.memory] as WasmMemory;
  views();
  (ex[glue.ctors] as () => void)();
  const m = {
    get HEAPU8() {
      views();
      return u8;
    },
    get HEAP32() {
      views();
      return i32;
    },
    get HEAPU32() {
      views();
      return u32;
    },
    UTF8ToString,
    stringToUTF8(s: string, ptr: number, maxBytes: number) {
      views();
      ptr >>>= 0;
      if (maxBytes <= 0) return;
      const { written } = encoder.encodeInto(s, u8.subarray(ptr, ptr + maxBytes - 1));
      u8[ptr + written] = 0;
    },
    lengthBytesUTF8(s: string) {
      let n = 0;
      for (let k = 0; k < s.length; k++) {
        const c = s.charCodeAt(k);
        if (c < 0x80) n += 1;
        else if (c < 0x800) n += 2;
        else if (c >= 0xd800 && c <= 0xdbff) {
          n += 4;
          k++;
        } else n += 3;
      }
      return n;
    },
  } as Record<string, unknown>;
  for (const [name, key] of Object.entries(glue.exports)) m[name] = ex[key];
  const module = m as unknown as LibsolvModule;
  setModule(module);
  return module;
}

/** The page compiles its module in {@link loadLibsolvWeb}; this is the Node loader's hook, a no-op here. */
export function compileLibsolv(): Promise<WebAssembly.Module | undefined> {
  return Promise.resolve(undefined);
}

/** The Node loader's hook (module.ts); the page has no default loader to give a module to. */
export function useCompiledLibsolv(_m: WebAssembly.Module | undefined): void {}

/** The Node loader's hook (module.ts): the page has none. */
export function compiledLibsolv(): WebAssembly.Module | undefined {
  return undefined;
}
