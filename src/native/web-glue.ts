/**
 * What the page's loader (module-web.ts) needs to know of a build of libsolv.wasm: emscripten
 * minifies the names of the module's imports and exports, and only its JavaScript loader
 * (libsolv.cjs) knows them. Read from the loader that sits beside the .wasm it describes, when the
 * page is written, so the two always come from the same build.
 */
import { GooseError } from '../errors.js';

/** The minified names of one build: import name to emscripten's function, export name to ours. */
export interface WebGlue {
  /** Import key in module `a` -> emscripten's JavaScript function name (`_fd_write`, `___syscall_open`, ...). */
  imports: Record<string, string>;
  /** Our export name (`_malloc`, `_gd_pool_create`, ...) -> the module's export key. */
  exports: Record<string, string>;
  /** Export key of the memory. */
  memory: string;
  /** Export key of the static constructors, run once after instantiation. */
  ctors: string;
}

/** Reads the minified names (letters, digits, `_` and `$`) out of emscripten 3.1.6's MODULARIZE loader text (libsolv.cjs). */
export function webGlueOf(loaderText: string, file = 'libsolv.cjs'): WebGlue {
  const bad = (what: string) => new GooseError('WASM_NOT_FOUND', `the emscripten loader does not name ${what} where expected: the page cannot load this build of libsolv`, { file });
  const lib = /asmLibraryArg=\{([^}]*)\}/.exec(loaderText);
  if (!lib) throw bad('its imports');
  const imports: Record<string, string> = {};
  for (const m of lib[1].matchAll(/"([\w$]+)":([\w$]+)/g)) imports[m[1]] = m[2];
  const exports: Record<string, string> = {};
  for (const m of loaderText.matchAll(/Module\["(_\w+)"\]=asm\["([\w$]+)"\]/g)) exports[m[1]] = m[2];
  const memory = /wasmMemory=Module\["asm"\]\["([\w$]+)"\]/.exec(loaderText)?.[1];
  const ctors = /addOnInit\(Module\["asm"\]\["([\w$]+)"\]\)/.exec(loaderText)?.[1];
  if (!memory || !ctors || !exports._malloc || !Object.keys(imports).length) throw bad('its memory, constructors or malloc');
  return { imports, exports, memory, ctors };
}
