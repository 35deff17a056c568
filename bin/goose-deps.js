#!/usr/bin/env node
// The goose-deps command. Compiled code lives in dist/ (built by `npm ci` through `prepare`):
// dist/bundle/main.js is the command line bundled by scripts/bundle.mjs (a few files to load
// instead of about a hundred modules: the start-up of every command), dist/cli/main.js the same
// code unbundled, run when there is no bundle.
import { existsSync, readFileSync } from 'node:fs';

// libsolv's WebAssembly is compiled on V8's background threads while the command line loads
// and reads its arguments and repositories (src/native/module.ts compileLibsolv, inlined here
// because it lives inside the bundle). An unreadable file gives undefined: the loader then
// reports it as before.
let libsolvModule;
try {
  libsolvModule = WebAssembly.compile(readFileSync(new URL('../wasm/dist/libsolv.wasm', import.meta.url))).catch(() => undefined);
} catch {
  libsolvModule = undefined;
}
const bundle = new URL('../dist/bundle/main.js', import.meta.url);
import(existsSync(bundle) ? bundle.href : '../dist/cli/main.js').then((m) => m.cli(process.argv.slice(2), libsolvModule));
