// Bundles the command line into dist/bundle (run by `npm run build` and `prepare`, after tsc).
//
// Why: a cached `goose-deps query` used to load about 110 ES modules one by one (resolve, read,
// compile, link each), which cost about as much CPU as answering. One bundle with code
// splitting loads a handful of files. bin/goose-deps.js runs dist/bundle/main.js when it is
// there and dist/cli/main.js otherwise; the library (dist/index.js) is not bundled.
//
// The bundle sits two folders below the package root, as every dist/<folder>/<file>.js does,
// so paths found from import.meta.url (wasm/dist, package.json, fixtures) stay right; the worker
// threads' entry files are bundled beside it under the names the code asks for
// (./parse-worker.js, ./modules-worker.js, ./worker.js). zlib-sync (a native addon) and sql.js (loaded through
// require) stay in node_modules.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    main: 'dist/cli/main.js',
    'parse-worker': 'dist/repodata/parse-worker.js',
    'modules-worker': 'dist/repodata/modules-worker.js',
    worker: 'dist/buildroots/worker.js',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['zlib-sync', 'sql.js'],
  // Deterministic file names and content: no hashes of absolute paths, no timestamps.
  chunkNames: 'chunk-[hash]',
  legalComments: 'none',
  // Bundled CommonJS packages (yaml's node build) require Node's modules: give them a require.
  banner: { js: "import { createRequire as __gooseRequire } from 'node:module'; const require = __gooseRequire(import.meta.url);" },
  logLevel: 'warning',
});
