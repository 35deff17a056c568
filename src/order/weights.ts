/**
 * Need classes and need weights: how bad it is to build a source against an old (upstream)
 * binary of another, from what that binary puts into the result. Pure: the classes come from
 * {@link classifyBinaries} (src/order/need-class.ts, which reads the pool) or from names alone.
 *
 * A **content** binary is a library or development package whose contents end up in what is
 * built (a shared library, headers, pkg-config files, a `-devel` package, rpm macros); a
 * **tool** binary only runs during the build (compilers, interpreters, utilities). Building gcc
 * with an older make is harmless; building it against an older glibc is not. See docs/plan.md.
 */
import type { BuildGraph } from './need-edges.js';

/** Class of a binary package, as stored per binary in {@link BuildGraph.binaryClass}. */
export const NEED_CLASS = {
  /** Only runs during the build: compilers, interpreters, utilities. */
  tool: 0,
  /** Provides a shared-library soname (`libfoo.so.1()(64bit)`). */
  library: 1,
  /** Named as a development package: `-devel`, `-static`, `-headers`, Debian `-dev`. */
  devel: 2,
  /** Ships headers under /usr/include (seen when filelists are loaded). */
  headers: 3,
  /** Provides `pkgconfig(...)`. */
  pkgconfig: 4,
  /** rpm macros: `*-rpm-macros`, `*-srpm-macros`, or files under /usr/lib/rpm/macros.d. */
  macros: 5,
} as const;

/** A value of {@link NEED_CLASS}. */
export type NeedClassValue = (typeof NEED_CLASS)[keyof typeof NEED_CLASS];

/** Each class in words, indexed by its value, for reasons and `why`. */
export const NEED_CLASS_WORDS: readonly string[] = ['a tool', 'a shared library', 'a development package', 'headers', 'pkg-config files', 'rpm macros'];

/** True for the classes whose contents end up in what is built. */
export function isContentClass(c: number): boolean {
  return c !== NEED_CLASS.tool;
}

/** The class a binary's name alone gives (development and macro packages), else tool. */
export function classifyName(name: string): NeedClassValue {
  if (/-(devel|static|headers|dev)$/.test(name)) return NEED_CLASS.devel;
  if (/-s?rpm-macros$/.test(name)) return NEED_CLASS.macros;
  return NEED_CLASS.tool;
}

/** Classes of a graph's binaries: `graph.binaryClass` when the build graph classified them, else by name. */
export function binaryClasses(graph: Pick<BuildGraph, 'binaries' | 'binaryClass'>): Uint8Array {
  return graph.binaryClass ?? Uint8Array.from(graph.binaries, classifyName);
}

/**
 * Base cost of one via binary by how it came into the buildroot: named by a BuildRequires
 * (direct), through runtime Requires of a build dependency (indirect), or only because the build
 * group installs it (group: every source has these, they say the least; low enough that the
 * group's content, which every build links, does not outweigh a BuildRequires on a tool even
 * when several chains of it close one cycle).
 */
export const VIA_BASE = { direct: 10, indirect: 2, group: 0.5 } as const;

/**
 * Factor of each class (indexed by class value): content far above tool, a shared library
 * (whose soname keeps old builds working) between. A content need pulled in only by the build
 * group (3) stays below a tool named by a BuildRequires (10), so gcc's `BuildRequires: binutils`
 * outweighs binutils' group-only need on gcc's libgcc and plugin headers; a BuildRequires on
 * content (60) outweighs everything else.
 */
export const CLASS_FACTOR: readonly number[] = [1, 3, 6, 6, 6, 6];

/** Per need row: its weight and whether any of its binaries is content. */
export interface NeedWeights {
  /** Cost of breaking row `e` (building `from` against an upstream binary of `needs`). */
  weight: Float64Array;
  /** 1 when row `e` brings a content binary, else 0. */
  content: Uint8Array;
  /** Per row: the index into `graph.binaries` of its heaviest via binary (the one that decides its weight). */
  heaviest: Int32Array;
}

/**
 * The weight of every need row of `graph`: the largest over its via binaries of
 * {@link VIA_BASE} (direct when that binary satisfies a BuildRequires, else the row's kind) times
 * {@link CLASS_FACTOR} of the binary's class. The largest, not the sum: a source with twenty
 * runtime libraries is not twenty times as important as one with a single `-devel` package.
 */
export function needWeights(graph: Pick<BuildGraph, 'edges' | 'binaries' | 'binaryClass'>, classes: Uint8Array = binaryClasses(graph)): NeedWeights {
  const E = graph.edges;
  const weight = new Float64Array(E.count);
  const content = new Uint8Array(E.count);
  const heaviest = new Int32Array(E.count);
  for (let e = 0; e < E.count; e++) {
    const rowBase = E.kind[e] === 2 ? VIA_BASE.group : VIA_BASE.indirect; // NEED_KINDS: direct, indirect, group
    let best = 0;
    let bestVia = -1;
    for (let k = E.viaStart[e]; k < E.viaStart[e + 1]; k++) {
      const c = classes[E.viaBinary[k]];
      if (isContentClass(c)) content[e] = 1;
      const w = (E.viaRequire[k] >= 0 ? VIA_BASE.direct : rowBase) * CLASS_FACTOR[c];
      if (w > best) {
        best = w;
        bestVia = E.viaBinary[k];
      }
    }
    weight[e] = best > 0 ? best : rowBase;
    heaviest[e] = bestVia;
  }
  return { weight, content, heaviest };
}
