/**
 * libsolv in the readiness page: the browser bundle's entry (scripts/build-page.ts bundles it with
 * esbuild into dist/page/page-solv.js; the page folder carries it as a string in page-solv.js) runs
 * as a Web Worker. The page hands it the same libsolv.wasm as the CLI's (from `libsolv.js`) and
 * the report's upstream repositories (from `solv.js`; classic scripts, as pages opened from file://
 * cannot fetch); it rebuilds the pool the CLI solved in and answers with the CLI's own TypeScript:
 * `why A B` by {@link whyNeeds} and {@link whyReportText}.
 */
import { loadLibsolvWeb } from '../native/module-web.js';
import type { WebGlue } from '../native/web-glue.js';
import { Pool } from '../solv/pool.js';
import type { Repo } from '../solv/repo.js';
import type { BuildrootOutcome } from '../buildroots/resolver.js';
import { whyIndex, whyNeeds, type WhyIndex } from '../why/why.js';
import { whyNeedClasses, whyReportText } from '../why/report.js';

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

/** What the page asks the worker. */
export type PageRequest =
  | { type: 'load'; libsolv: PageLibsolv; solv: PageSolv }
  | { type: 'why'; id: number; a: string; b: string }
  | { type: 'cancel'; ids: number[] };

/** What the worker answers. */
export type PageReply =
  | { type: 'ready'; size: number; timings: PageSolver['timings'] }
  | { type: 'failed'; message: string }
  | ({ type: 'answer'; id: number } & PageAnswer);

/** Loads libsolv and the pool from the page's data (in the worker). */
export async function loadPageSolver(lib: PageLibsolv, data: PageSolv): Promise<PageSolver> {
  const t0 = performance.now();
  await loadLibsolvWeb(await unpack(lib.wasm), lib.glue);
  const solv = await Promise.all(data.repos.map((r) => unpack(r.solv)));
  const unpacked = performance.now() - t0;
  const s = new PageSolver(data, solv);
  s.timings.unpack = Math.round(unpacked);
  return s;
}

/**
 * The worker: the page starts this bundle as a Web Worker (from a blob: URL, which works from
 * file:// too), so loading the pool and solving buildroots never block the page. Questions are
 * queued and answered one per task, so a `cancel` (the panel closed) drops those not yet begun.
 */
function serve(scope: { postMessage(m: PageReply): void; onmessage: ((e: { data: PageRequest }) => void) | null }): void {
  let solver: PageSolver | undefined;
  const queue: { id: number; a: string; b: string }[] = [];
  let draining = false;
  const drain = () => {
    const q = queue.shift();
    if (!q || !solver) {
      draining = false;
      return;
    }
    scope.postMessage({ type: 'answer', id: q.id, ...solver.why(q.a, q.b) });
    setTimeout(drain, 0);
  };
  const kick = () => {
    if (!draining && solver && queue.length) {
      draining = true;
      setTimeout(drain, 0);
    }
  };
  scope.onmessage = (e) => {
    const m = e.data;
    if (m.type === 'load') {
      loadPageSolver(m.libsolv, m.solv).then(
        (s) => {
          solver = s;
          scope.postMessage({ type: 'ready', size: s.size, timings: s.timings });
          kick();
        },
        (err: unknown) => scope.postMessage({ type: 'failed', message: (err as Error)?.message ?? String(err) }),
      );
    } else if (m.type === 'why') {
      queue.push(m);
      kick();
    } else if (m.type === 'cancel') {
      const drop = new Set(m.ids);
      for (let i = queue.length - 1; i >= 0; i--) if (drop.has(queue[i].id)) queue.splice(i, 1);
    }
  };
}

serve(globalThis as unknown as Parameters<typeof serve>[0]);
