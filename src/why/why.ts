/**
 * `why A B`: the chain of dependencies that makes source A need source B, as data.
 *
 * Inside one buildroot the chain runs from one of A's BuildRequires (or a build-group package)
 * through runtime Requires to a binary built from B. When no binary of B is in A's buildroot, the
 * chain crosses sources: A needs X (a hop as above), X needs B; found breadth-first, resolving
 * buildroots only as the search reaches them.
 */
import { GooseError } from '../errors.js';
import type { Pool, Repo, SolvableTable } from '../solv/index.js';
import { buildrootRequest, newestSources, requestKey } from '../buildroots/request.js';
import { BuildrootResolver } from '../buildroots/resolver.js';
import type { BuildrootStore } from '../buildroots/store.js';

/** How a binary came into a buildroot. */
export type StepCause =
  | { kind: 'buildrequires'; dep: string }
  | { kind: 'group'; name: string }
  | { kind: 'requires'; by: string; dep: string };

/** One binary in the chain, with its source package and why it is installed. */
export interface ChainStep {
  /** Binary package name. */
  binary: string;
  /** The source package it is built from. */
  source: string;
  /** Why it is in the buildroot. */
  cause: StepCause;
}

/** Source `from` needs source `needs`: the install chain inside `from`'s buildroot. */
export interface WhyHop {
  /** The needing source. */
  from: string;
  /** The needed source. */
  needs: string;
  /** From a BuildRequires or group package to a binary of `needs`. */
  chain: ChainStep[];
}

/** The answer: hops from A to B, empty when A does not need B at all. */
export interface WhyResult {
  /** Source A. */
  from: string;
  /** Source B. */
  to: string;
  /** Consecutive hops A -> ... -> B; empty when there is no chain. */
  hops: WhyHop[];
  /** Set when A's (or a hop's) buildroot does not install, which hides any chain through it. */
  unresolvable?: string[];
  /** Names given as binary packages, not sources, with the source each is built from. */
  builtFrom?: { binary: string; source: string }[];
}

interface Buildroot {
  ok: boolean;
  installed: Int32Array;
  requireOf: Map<number, string>; // binary -> the BuildRequires it satisfies
}

/** What {@link whyNeeds} reads of a pool before it starts; one can serve many questions on an unchanged pool. */
export interface WhyIndex {
  /** The pool's solvable table. */
  table: SolvableTable;
  /** The newest source package of each name. */
  sources: Map<string, number>;
  /** The source name id of each solvable. */
  sourceName: Int32Array;
}

/** Reads {@link WhyIndex} of a finished pool (about 0.2 s on bookworm's 97k packages). */
export function whyIndex(pool: Pool, sourceRepos: Repo[]): WhyIndex {
  const table = pool.solvableTable();
  return { table, sources: newestSources(pool, sourceRepos, table), sourceName: pool.sourceNameTable() };
}

/**
 * Explains why source `a` needs source `b`, on a finished pool whose first repos are the binary
 * repos. Throws UNKNOWN_SOURCE for a name not among the sources. `index`: {@link whyIndex} of the
 * same pool, when several questions are asked of it.
 */
export function whyNeeds(pool: Pool, binaryRepos: Repo[], sourceRepos: Repo[], group: readonly string[], a: string, b: string, options: { weak?: boolean; store?: Pick<BuildrootStore, 'get' | 'put'>; index?: WhyIndex } = {}): WhyResult {
  const { table, sources, sourceName } = options.index ?? whyIndex(pool, sourceRepos);
  const binRepoIds = new Set(binaryRepos.map((r) => r.id));
  const sourceOf = (q: number) => pool.id2str(sourceName[q] || table.name[q]);
  const builtFrom: { binary: string; source: string }[] = [];
  /** A source name as given, or the source of the binary package of that name. */
  const asSource = (n: string): string => {
    if (sources.has(n)) return n;
    const id = pool.str2id(n, false);
    const from = new Set<string>();
    if (id) for (let q = 0; q < table.name.length; q++) if (table.name[q] === id && binRepoIds.has(table.repo[q])) from.add(sourceOf(q));
    const known = [...from].filter((s) => sources.has(s)).sort();
    if (!known.length) {
      const why = from.size ? ` (the binary package ${n} is built from ${[...from].sort().join(', ')}, which no source repository has)` : '';
      throw new GooseError('UNKNOWN_SOURCE', `no source package named '${n}' in the source repositories, nor a binary package of that name${why}`);
    }
    builtFrom.push({ binary: n, source: known[0] });
    return known[0];
  };
  a = asSource(a);
  b = asSource(b);
  const named = () => (builtFrom.length ? { builtFrom } : {});
  const resolver = new BuildrootResolver(pool, group, options.weak ?? false);
  const groupNames = new Set(group);
  const cache = new Map<string, Buildroot>();

  const buildroot = (name: string): Buildroot => {
    let br = cache.get(name);
    if (br) return br;
    const req = buildrootRequest(pool, sources.get(name)!);
    const key = requestKey(req);
    const stored = options.store?.get(key);
    const o = stored ?? resolver.resolve(req);
    if (!stored) options.store?.put(key, o);
    const requireOf = new Map<number, string>();
    for (let k = 0; k < o.direct.length; k += 2) requireOf.set(o.direct[k], req.requires[o.direct[k + 1]]);
    br = { ok: o.ok, installed: o.installed, requireOf };
    cache.set(name, br);
    return br;
  };

  /** Breadth-first over runtime Requires inside one buildroot, to any binary built from `target`. */
  const chainTo = (br: Buildroot, target: string): ChainStep[] | undefined => {
    const inRoot = new Set(br.installed);
    // How each binary was reached: its BuildRequires, the group, or (dep id, by whom); words only for the chain found.
    const parent = new Map<number, { prev?: number; cause: StepCause | { kind: 'requires-id'; dep: number } }>();
    const queue: number[] = [];
    for (const q of br.installed) {
      const name = pool.id2str(table.name[q]);
      const dep = br.requireOf.get(q);
      if (dep !== undefined) parent.set(q, { cause: { kind: 'buildrequires', dep } });
      else if (groupNames.has(name)) parent.set(q, { cause: { kind: 'group', name } });
      else continue;
      queue.push(q);
    }
    const targetId = pool.str2id(target, false);
    for (let i = 0; i < queue.length; i++) {
      const q = queue[i];
      if ((sourceName[q] || table.name[q]) === targetId && binRepoIds.has(table.repo[q])) {
        const steps: ChainStep[] = [];
        for (let cur: number | undefined = q; cur !== undefined; cur = parent.get(cur)!.prev) {
          const { prev, cause } = parent.get(cur)!;
          const words: StepCause = cause.kind === 'requires-id' ? { kind: 'requires', by: pool.id2str(table.name[prev!]), dep: pool.dep2str(cause.dep) } : cause;
          steps.push({ binary: pool.id2str(table.name[cur]), source: sourceOf(cur), cause: words });
        }
        return steps.reverse();
      }
      for (const d of pool.solvable(q).depIds('requires')) {
        for (const r of pool.whatProvidesIds(d)) {
          if (!inRoot.has(r) || parent.has(r)) continue;
          parent.set(r, { prev: q, cause: { kind: 'requires-id', dep: d } });
          queue.push(r);
        }
      }
    }
    return undefined;
  };

  try {
    // Breadth-first over sources: each hop is "the buildroot of X contains a binary of Y".
    const prev = new Map<string, string | undefined>([[a, undefined]]);
    const queue = [a];
    const unresolvable: string[] = [];
    for (let i = 0; i < queue.length; i++) {
      const x = queue[i];
      const br = buildroot(x);
      if (!br.ok) {
        unresolvable.push(x);
        continue;
      }
      const needed = [...new Set([...br.installed].filter((q) => binRepoIds.has(table.repo[q])).map(sourceOf))].filter((s) => sources.has(s)).sort();
      if (needed.includes(b)) {
        const path = [b];
        for (let cur: string | undefined = x; cur !== undefined; cur = prev.get(cur)) path.push(cur);
        path.reverse();
        const hops: WhyHop[] = [];
        for (let k = 0; k + 1 < path.length; k++) hops.push({ from: path[k], needs: path[k + 1], chain: chainTo(buildroot(path[k]), path[k + 1]) ?? [] });
        return { from: a, to: b, hops, ...named() };
      }
      for (const y of needed) {
        if (!prev.has(y)) {
          prev.set(y, x);
          queue.push(y);
        }
      }
    }
    return { from: a, to: b, hops: [], ...(unresolvable.length ? { unresolvable: unresolvable.sort() } : {}), ...named() };
  } finally {
    resolver.free();
  }
}

/** The answer in sentences, one per step, the way pub's solver explains a failure. */
export function whyText(r: WhyResult): string {
  const names = (r.builtFrom ?? []).map((x) => `${x.binary} is a binary package built from the source ${x.source}.\n`).join('');
  return names + whyHopsText(r);
}

function whyHopsText(r: WhyResult): string {
  if (!r.hops.length) {
    const note = r.unresolvable?.length ? ` (the buildroot of ${r.unresolvable.join(', ')} cannot be installed, which may hide a chain)` : '';
    return `${r.from} does not need ${r.to}: no binary built from ${r.to} is in its buildroot or in the buildroots of what it needs${note}.\n`;
  }
  const out: string[] = [];
  for (const h of r.hops) {
    const parts = h.chain.map((s, i) => {
      const what = `${s.binary}${s.source !== s.binary ? ` (built from ${s.source})` : ''}`;
      if (s.cause.kind === 'buildrequires') return `${h.from} BuildRequires ${s.cause.dep}, which ${what} provides`;
      if (s.cause.kind === 'group') return `the build group installs ${what} in every buildroot`;
      return `${i === 0 ? s.cause.by : 'it'} requires ${s.cause.dep}, which ${what} provides`;
    });
    out.push(`Because ${parts.join('; ')}, ${h.from} needs ${h.needs} built first.`);
  }
  if (r.hops.length > 1) out.push(`So ${r.from} needs ${r.to} through ${r.hops.slice(0, -1).map((h) => h.needs).join(', ')}.`);
  return out.join('\n') + '\n';
}
