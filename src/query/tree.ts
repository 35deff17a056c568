/**
 * `dnf repoquery --tree` (dnf 4's tree_seed and grow_tree, dnf/cli/commands/repoquery.py), as
 * rows: each selected package (level -1), then what lies below it, depth first.
 *
 * Below a package come, with a dependency kind (`--requires`, `--provides`, ...), the packages
 * providing any of its dependencies of that kind (one per name.arch, from every repository);
 * without one (`--whatrequires`), the selectable packages that require its name (pool_match_dep,
 * as libdnf's `requires__glob`). Siblings are sorted by name. Under one top-level package each
 * package is expanded once: a package met again is listed without what lies below it. As in dnf,
 * a package whose name starts with `rpmlib` or `solvable` ends its list of siblings.
 * Where dnf orders packages of one name as Python's set happens to, goose-deps orders them by
 * arch, then version, then pool order.
 */
import type { DepKind, Pool } from '../solv/index.js';
import { capabilityDeps, matchDep, packageDeps, type DepIndex } from './deps.js';
import { compareCodePoints } from './format.js';

/** One line of a tree: a package and its depth (-1: a selected package; 0: right below one). */
export interface TreeRow {
  /** Solvable id. */
  id: number;
  /** -1 for a selected package, 0 for what lies right below it, and so on. */
  level: number;
  /** True when the package was expanded above, under the same top-level package (nothing listed below it here). */
  repeated: boolean;
}

/** One level of the depth-first walk: the sorted siblings and the next one to list. */
interface Frame {
  items: number[];
  next: number;
  level: number;
  expanded: Set<number>;
}

/**
 * The tree rows of `roots` (see the module comment). `selectable` is where packages requiring a
 * name are looked for (dnf's `orquery`: the packages matching the specs and --arch); `attr` the
 * dependency kind followed, or undefined to follow what requires each package.
 */
export function queryTree(index: DepIndex, roots: Iterable<number>, selectable: ReadonlySet<number>, attr?: DepKind): TreeRow[] {
  const set = index.set;
  const pool = set.pool;
  const order = (ids: Iterable<number>): number[] =>
    [...new Set(ids)].sort((a, b) => {
      const x = set.get(a)!;
      const y = set.get(b)!;
      return compareCodePoints(x.name, y.name) || compareCodePoints(x.arch, y.arch) || pool.evrcmp(x.evr, y.evr) || a - b;
    });
  const below = attr ? providersBelow(index, attr) : requirersBelow(index, selectable);
  const rows: TreeRow[] = [];
  const stack: Frame[] = [{ items: order(roots), next: 0, level: -1, expanded: new Set() }];
  while (stack.length) {
    const f = stack[stack.length - 1];
    if (f.next >= f.items.length) {
      stack.pop();
      continue;
    }
    const p = f.items[f.next++];
    const name = set.get(p)!.name;
    if (name.startsWith('rpmlib') || name.startsWith('solvable')) {
      stack.pop(); // dnf's `return`: the rest of this level is not listed
      continue;
    }
    const expanded = f.level === -1 ? new Set<number>() : f.expanded;
    const repeated = expanded.has(p);
    rows.push({ id: p, level: f.level, repeated: f.level >= 0 && repeated });
    if (repeated) continue;
    expanded.add(p);
    stack.push({ items: order(below(p)), next: 0, level: f.level + 1, expanded });
  }
  return rows;
}

/** What lies below a package with a dependency kind: per name.arch, the last (in pool order) provider of any of its dependencies. */
function providersBelow(index: DepIndex, attr: DepKind): (p: number) => number[] {
  const set = index.set;
  const memo = new Map<number, number[]>();
  return (p) => {
    let out = memo.get(p);
    if (out) return out;
    const byNameArch = new Map<string, number>();
    for (const d of new Set(packageDeps(set.pool, p, attr))) {
      for (const q of index.providers(d)) {
        const info = set.get(q);
        if (!info) continue;
        const key = `${info.name}.${info.arch}`;
        if ((byNameArch.get(key) ?? -1) < q) byNameArch.set(key, q);
      }
    }
    memo.set(p, (out = [...byNameArch.values()]));
    return out;
  };
}

/** What lies below a package without a dependency kind: the selectable packages with a Requires its name matches. */
function requirersBelow(index: DepIndex, selectable: ReadonlySet<number>): (p: number) => number[] {
  const pool = index.set.pool;
  // Candidates by every name a Requires mentions (a superset; pool_match_dep decides).
  let byWord: Map<string, number[]> | undefined;
  const candidates = (name: string): Iterable<number> => {
    if (/[*?[]/.test(name)) return selectable;
    if (!byWord) {
      byWord = new Map();
      for (const q of selectable) {
        const words = new Set<string>();
        for (const r of pool.solvable(q).depIds('requires')) for (const w of pool.dep2str(r).split(/[\s()]+/)) if (w) words.add(w);
        for (const w of words) {
          const list = byWord.get(w);
          if (list) list.push(q);
          else byWord.set(w, [q]);
        }
      }
    }
    return byWord.get(name) ?? [];
  };
  const memo = new Map<number, number[]>();
  return (p) => {
    let out = memo.get(p);
    if (out) return out;
    const name = index.set.get(p)!.name;
    const deps = capabilityDeps(pool, [name], () => index.depNames());
    out = [];
    for (const q of candidates(name)) if (pool.solvable(q).depIds('requires').some((r) => deps.some((d) => matchDep(pool, d, r)))) out.push(q);
    memo.set(p, out);
    return out;
  };
}

/** The text of tree rows as dnf prints them; `format` gives a package's text (the --qf). */
export function treeLines(pool: Pool, rows: readonly TreeRow[], format: (id: number) => string): string[] {
  return rows.map((r) => {
    if (r.level < 0) return format(r.id);
    const requires = treeRequires(pool, r.id);
    return ` ${'|   '.repeat(r.level)}\\_ ${format(r.id)} [${requires.length}: ${requires.join(', ')}]`;
  });
}

/** A package's Requires in the order dnf's Package.requires gives them: Requires(pre) first, then the others, each as stored. */
export function treeRequires(pool: Pool, id: number): string[] {
  const s = pool.solvable(id);
  return [...s.depIds('requires', 'pre'), ...s.depIds('requires', 'plain')].map((d) => pool.dep2str(d));
}
