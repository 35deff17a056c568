/**
 * Bundles the readiness page's libsolv core (src/web/page-solv.ts and what it imports: src/solv,
 * src/why, src/readiness/whatif.ts, ...) for browsers with esbuild: one classic script,
 * dist/page/page-solv.js, which `readiness --format html --output DIR` copies into the page folder.
 *
 * Node's module loader (src/native/module.ts) is swapped for the page's (module-web.ts). Any other
 * `node:` import is replaced by a module of functions that throw and the build fails if code of it reaches the
 * bundle: what the page runs must be free of IO.
 *
 * Run: `npm run build:page` (part of `npm run build` and `prepare`); tests call {@link buildPageBundle}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the bundle goes: the page writer reads it there (src/report/page-solv.ts). */
export const PAGE_BUNDLE = join(ROOT, 'dist', 'page', 'page-solv.js');

const browserOnly: Plugin = {
  name: 'goose-page',
  setup(b) {
    b.onResolve({ filter: /^\.\/module\.js$/ }, (args) => (args.importer.startsWith(join(ROOT, 'src', 'native')) ? { path: join(ROOT, 'src', 'native', 'module-web.ts') } : undefined));
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-stub' }));
    // An ES module with Node's export names, each a function that throws: unused, esbuild drops it.
    b.onLoad({ filter: /.*/, namespace: 'node-stub' }, async (args) => {
      const names = Object.keys(await import(args.path)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
      const lines = names.map((n) => `export function ${n}() { throw new Error('${args.path} ${n} is not available in the page'); }`);
      return { contents: `${lines.join('\n')}\nexport default {};\n`, loader: 'js' };
    });
  },
};

/** Builds the bundle (deterministic: no timestamps, no paths) and returns its text. */
export async function buildPageBundle(outFile = PAGE_BUNDLE): Promise<string> {
  const r = await build({
    entryPoints: [join(ROOT, 'src', 'web', 'page-solv.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome110',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    metafile: true,
    plugins: [browserOnly],
    logLevel: 'silent',
  });
  const leaked = Object.entries(r.metafile.outputs).flatMap(([, o]) => Object.entries(o.inputs).filter(([k, v]) => k.startsWith('node-stub:') && v.bytesInOutput > 0).map(([k]) => k));
  if (leaked.length) throw new Error(`build-page: the page bundle would need ${leaked.join(', ')}: keep IO out of what src/web/page-solv.ts imports`);
  const text = `/* goose-deps readiness page: libsolv core (built by scripts/build-page.ts from src/web/page-solv.ts) */\n${r.outputFiles[0].text}`;
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, text);
  return text;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const text = await buildPageBundle();
  console.log(`build-page: ${PAGE_BUNDLE} (${(text.length / 1024).toFixed(0)} KiB)`);
}
