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

// yargs imports its help-text layout (cliui, wrap-ansi and two copies of string-width) at load,
// and string-width builds an Intl.Segmenter (ICU's break iterators) as it loads: tens of
// milliseconds of every command's start for text that only --help and usage errors render.
// These stand-ins load the real modules on first call (esbuild evaluates a module that is
// require()d lazily, when first required).
const LAZY = {
  cliui: 'let m; export default function cliui(opts) { return (m ??= require("cliui")).default(opts); }',
  'string-width': 'let m; export default function stringWidth(s, o) { return (m ??= require("string-width")).default(s, o); }',
};
const lazyHelpText = {
  name: 'lazy-help-text',
  setup(b) {
    b.onResolve({ filter: /^(cliui|string-width)$/ }, (args) =>
      args.importer.includes(`${join('node_modules', 'yargs')}`) && args.namespace === 'file' ? { path: args.path, namespace: 'lazy', pluginData: dirname(args.importer) } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({ contents: LAZY[args.path], resolveDir: args.pluginData, loader: 'js' }));
  },
};
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
  plugins: [lazyHelpText],
  logLevel: 'warning',
});
