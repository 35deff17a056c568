/**
 * libsolv in the readiness page: the browser bundle's entry (scripts/build-page.ts bundles it with
 * esbuild into dist/web/page-solv.js; the page folder carries a copy). It loads the same
 * libsolv.wasm as the CLI from `libsolv.js` and the report's upstream repositories from `solv.js`
 * (both classic scripts: pages opened from file:// cannot fetch), rebuilds the pool the CLI solved
 * in, and answers with the CLI's own TypeScript: `why A B` by {@link whyNeeds} and
 * {@link whyReportText}, what-if by {@link whatIfBuilt}.
 */
import { loadLibsolvWeb } from '../native/module-web.js';
import type { WebGlue } from '../native/web-glue.js';
import { Pool } from '../solv/pool.js';
import type { Repo } from '../solv/repo.js';
import type { BuildrootOutcome } from '../buildroots/resolver.js';
import { whyIndex, whyNeeds, type WhyIndex } from '../why/why.js';
import { whyNeedClasses, whyReportText } from '../why/report.js';
import { whatIfBuilt } from '../readiness/whatif.js';

/** `window.GOOSE_LIBSOLV` (libsolv.js): the module's bytes, gzip then base64, and its minified names. */
export interface PageLibsolv {
  /** The names read from libsolv.cjs. */
  glue: WebGlue;
  /** libsolv.wasm, gzip, base64. */
  wasm: string;
}

/** `window.GOOSE_SOLV` (solv.js): the upstream pool of the report, one `.solv` per repository. */
export interface PageSolv {
  /** Format version. */
  version: 1;
  /** The pool's architecture. */
  arch: string;
  /** Build group package names. */
  group: string[];
  /** Install weak dependencies into buildroots (the report's --weak). */
  weak: boolean;
  /** Binary repositories first, then the source repositories, in the pool's order. */
  repos: { name: string; kind: 'binary' | 'source'; solv: string }[];
  /** Solvables hidden from the solver (module and `.repo` exclusions): [repo index, offset in the repo]. */
  excluded: [number, number][];
}

/** An answer of the page: `goose-deps why`'s text, or the error it would print. */
export interface PageAnswer {
  /** True when the answer is a chain (the CLI exits 0). */
  ok: boolean;
  /** The text the CLI prints. */
  text: string;
}

/** Bytes of a gzip-then-base64 string. */
async function unpack(b64: string): Promise<Uint8Array> {
  const bin = atob(b64);
  const gz = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) gz[i] = bin.charCodeAt(i);
  const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The pool of a page, loaded, and the questions it answers. */
export class PageSolver {
  readonly #pool: Pool;
  readonly #binary: Repo[];
  readonly #source: Repo[];
  readonly #group: string[];
  readonly #weak: boolean;
  readonly #outcomes = new Map<string, BuildrootOutcome>();
  readonly #index: WhyIndex;
  /** Milliseconds spent: unpacking the files (set by the loader), building the pool, indexing the sources. */
  readonly timings = { unpack: 0, pool: 0, index: 0 };

  /** Rebuilds the pool from the page's `.solv` files, as finishPool left it in the CLI. */
  constructor(data: PageSolv, solv: Uint8Array[]) {
    const t0 = performance.now();
    const pool = (this.#pool = new Pool({ arch: data.arch }));
    const repos = data.repos.map((r, i) => {
      const repo = pool.addRepo(r.name);
      repo.addSolv(solv[i]);
      return repo;
    });
    this.#binary = repos.filter((_, i) => data.repos[i].kind === 'binary');
    this.#source = repos.filter((_, i) => data.repos[i].kind === 'source');
    pool.addFileProvides();
    if (data.excluded.length) pool.setExcluded(data.excluded.map(([r, k]) => repos[r].start + k));
    pool.createWhatProvides();
    this.#group = data.group;
    this.#weak = data.weak;
    const t1 = performance.now();
    this.#index = whyIndex(pool, this.#source);
    this.timings.pool = Math.round(t1 - t0);
    this.timings.index = Math.round(performance.now() - t1);
  }

  /** `goose-deps why a b`: the same text, computed here. */
  why(a: string, b: string): PageAnswer {
    try {
      const r = whyNeeds(this.#pool, this.#binary, this.#source, this.#group, a, b, { weak: this.#weak, index: this.#index, store: { get: (k) => this.#outcomes.get(k), put: (k, o) => void this.#outcomes.set(k, o) } });
      return { ok: r.hops.length > 0, text: whyReportText(r, whyNeedClasses(this.#pool, this.#binary, r)) };
    } catch (e) {
      return { ok: false, text: `goose-deps: error: ${(e as Error).message}\n` };
    }
  }

  /** Solvables in the pool (a check that every repository loaded). */
  get size(): number {
    return this.#pool.solvableTable().repo.length;
  }
}

/** What the bundle puts on `window.gooseSolv`. */
export interface PageSolvApi {
  /** Loads libsolv and the pool once (later calls return the same promise). */
  load(): Promise<PageSolver>;
  /** The CLI's what-if (pure; needs no libsolv). */
  whatIfBuilt: typeof whatIfBuilt;
}

let loading: Promise<PageSolver> | undefined;
const w = globalThis as unknown as { GOOSE_LIBSOLV?: PageLibsolv; GOOSE_SOLV?: PageSolv; gooseSolv?: PageSolvApi };

w.gooseSolv = {
  load: () =>
    (loading ??= (async () => {
      const lib = w.GOOSE_LIBSOLV;
      const data = w.GOOSE_SOLV;
      if (!lib || !data) throw new Error('libsolv.js or solv.js did not load');
      const t0 = performance.now();
      await loadLibsolvWeb(await unpack(lib.wasm), lib.glue);
      const solv = await Promise.all(data.repos.map((r) => unpack(r.solv)));
      const unpacked = performance.now() - t0;
      const s = new PageSolver(data, solv);
      s.timings.unpack = Math.round(unpacked);
      return s;
    })()),
  whatIfBuilt,
};
