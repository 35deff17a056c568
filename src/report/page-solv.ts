/**
 * libsolv for the readiness page folder: the WebAssembly module (libsolv.js), the report's upstream
 * pool as one `.solv` per repository (solv.js) and the bundled core that answers with them
 * (page-solv.js: the text of the worker bundled from src/web/page-solv.ts, which the page starts
 * from a blob: URL). Each is a classic script assigning a global, so
 * the page works from file:// (no fetch) as well as from any static web server; binary data is
 * gzip then base64 (the page unpacks it with DecompressionStream).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { GooseError } from '../errors.js';
import { WASM_DIST } from '../native/module.js';
import { webGlueOf } from '../native/web-glue.js';
import type { Pool, Repo } from '../solv/index.js';
import type { PageLibsolv, PageSolv } from '../web/page-solv.js';

/** The bundle scripts/build-page.ts writes (dist/page beside the package, from src/ or dist/ alike; not dist/web, where tsc puts the module form of src/web/page-solv.ts). */
export const PAGE_BUNDLE_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'page', 'page-solv.js');

/** What {@link pageSolvFiles} reads of a rebuild: its upstream pool and build group. */
export interface PagePoolInput {
  /** Upstream binaries, then the sources (finished). */
  upstream: Pool;
  /** The upstream binary repos of `upstream`. */
  upstreamRepos: readonly Repo[];
  /** The source repos of `upstream`. */
  sourceRepos: readonly Repo[];
  /** Build group package names. */
  group: readonly string[];
}

/** A classic script assigning `value` to `window[name]` (safe inside a script element too). */
function globalScript(name: string, value: unknown): string {
  return `window.${name}=${JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')};\n`;
}

/** gzip (deterministic: no name, no time) then base64. */
function pack(bytes: Uint8Array): string {
  return gzipSync(bytes, { level: 6 }).toString('base64');
}

/** The upstream pool as the page loads it: each repository's `.solv`, the exclusions by position. */
export function pagePool(input: PagePoolInput, options: { weak?: boolean } = {}): PageSolv {
  const repos = [...input.upstreamRepos.map((r) => ({ r, kind: 'binary' as const })), ...input.sourceRepos.map((r) => ({ r, kind: 'source' as const }))];
  // By position among the repo's live solvables: a .solv holds those alone, in id order.
  const excluded: [number, number][] = [];
  const hidden = new Set(input.upstream.excluded);
  if (hidden.size) {
    const table = input.upstream.solvableTable();
    repos.forEach(({ r }, k) => {
      let live = 0;
      for (let p = r.start; p < table.repo.length; p++) {
        if (table.repo[p] !== r.id) continue;
        if (hidden.has(p)) excluded.push([k, live]);
        live++;
      }
    });
  }
  return {
    version: 1,
    arch: input.upstream.arch,
    group: [...input.group],
    weak: options.weak ?? false,
    repos: repos.map(({ r, kind }) => ({ name: r.name, kind, solv: pack(r.writeSolv()) })),
    excluded,
  };
}

/** The module as the page loads it: libsolv.wasm of wasm/dist and the names its libsolv.cjs gives it. */
export function pageLibsolv(wasmDir = WASM_DIST): PageLibsolv {
  const file = (name: string) => {
    try {
      return readFileSync(join(wasmDir, name));
    } catch (e) {
      throw new GooseError('WASM_NOT_FOUND', `cannot read the libsolv WebAssembly module for the page: ${(e as Error).message}`, { file: join(wasmDir, name) });
    }
  };
  return { glue: webGlueOf(file('libsolv.cjs').toString('utf8'), join(wasmDir, 'libsolv.cjs')), wasm: pack(file('libsolv.wasm')) };
}

/** The page bundle's text (PAGE_BUNDLE_MISSING when the package was not built). */
export function pageBundle(path = PAGE_BUNDLE_PATH): string {
  if (!existsSync(path)) throw new GooseError('PAGE_BUNDLE_MISSING', 'the readiness page needs its libsolv bundle: run npm run build (or npm run build:page) in the goose-deps checkout', { file: path });
  return readFileSync(path, 'utf8');
}

/** The page folder's libsolv files: libsolv.js, solv.js and page-solv.js (file names to contents). */
export function pageSolvFiles(input: PagePoolInput, options: { weak?: boolean } = {}): Map<string, string> {
  return new Map([
    ['libsolv.js', globalScript('GOOSE_LIBSOLV', pageLibsolv())],
    ['solv.js', globalScript('GOOSE_SOLV', pagePool(input, options))],
    ['page-solv.js', globalScript('GOOSE_SOLV_WORKER', pageBundle())],
  ]);
}
