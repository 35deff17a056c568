/**
 * The kept result: the previous readiness run's per-package JSON entries, kept in the cache
 * folder beside the buildroot store, with what each entry depended on, so that the next run
 * over the same upstream context renders again only the packages a change touches.
 *
 * Validity rule. The kept result is looked up by its *context* ({@link keptResultKey}): the
 * upstream binary and source repositories' content, the upstream exclusions, the arch, the build
 * group (in its order: the walk of explanations follows it), the weak flag, `--only`, the number
 * of causes told, the built repositories' names (not their content) and a hash of the code.
 * Within a context, a package's entry (name, evr, status, blockedBy, missing, problems, causes;
 * inCycle is patched) is a function of:
 *   - its status in this run (built, ready, blocked, unresolvable: always decided by this run, from
 *     the buildroot store or solves, never taken from the kept result);
 *   - when blocked: its upstream buildroot (fixed by the context), for each of that buildroot's
 *     binaries whether the built repos hold its name and its name-evr (explain.ts: missing by name,
 *     else by name-evr), and the built state of the blocking sources its causes name
 *     (`blockerState`);
 *   - when unresolvable: the upstream solve's problems (fixed by the context) less those of the
 *     build group (`keepOwnProblems`): the group's explanations.
 * So a blocked entry is reused when it was blocked before, no binary of its upstream buildroot has
 * a name the built repos gained or lost, either some binary of it is missing by name (then
 * name-evrs are never read) or none has a name a changed name-evr string can be split into, and no
 * source its causes name changed between built and not built; an unresolvable one when it was
 * unresolvable before and the group's explanations are the same; built and ready entries are
 * rendered (they hold nothing). A blocked entry whose buildroot only gained built names may be
 * patched instead of explained again (kept-patch.ts). Everything else is computed.
 */
import { createHash } from 'node:crypto';
import type { Pool } from '../solv/index.js';
import type { Explanation } from '../explain/index.js';
import type { BuiltIndex } from './built.js';
import type { PackageReadiness, ReadinessStatus } from './types.js';
import type { KeptEntry, KeptResult, KeptSource, KeptTrailer } from './kept-types.js';

export type { KeptEntry, KeptResult, KeptSource, KeptTrailer } from './kept-types.js';

/** Where a package's kept JSON entry hangs on its PackageReadiness (and on its JSON object): a symbol, so no JSON sees it. */
export const KEPT_ENTRY: unique symbol = Symbol('goose-deps kept readiness entry');

/** The bytes of `entry`. */
export function entryBytes(entry: KeptEntry): Buffer {
  return entry.source.read(entry.at, entry.length);
}

/** What a kept result is keyed by: everything its entries depend on but the built repos' content and the statuses. */
export interface KeptContext {
  /** The pools' architecture. */
  arch: string;
  /** The build group, in its order. */
  group: readonly string[];
  /** Weak dependencies installed. */
  weak: boolean;
  /** Blocker sentences told per package. */
  maxCauses: number;
  /** `--only` as given, or null. */
  only: readonly string[] | null;
  /** Content keys of the upstream binary repositories, in pool order. */
  upstream: readonly string[];
  /** Content keys of the source repositories. */
  sources: readonly string[];
  /** Solvable ids hidden in the upstream pool. */
  excluded: readonly number[];
  /** Names of the built repositories (their content is what the rule compares). */
  built: readonly string[];
  /** A hash of the code that computes and renders readiness. */
  code: string;
}

const KEY_MAGIC = 'goose-readiness-kept-1';

/** The key of a kept result's context (a sha256 of its canonical form). */
export function keptResultKey(ctx: KeptContext): string {
  const canon = JSON.stringify([KEY_MAGIC, ctx.arch, ctx.group, ctx.weak, ctx.maxCauses, ctx.only, ctx.upstream, ctx.sources, [...ctx.excluded].sort((a, b) => a - b), ctx.built, ctx.code]);
  return createHash('sha256').update(canon).digest('hex').slice(0, 32);
}

/** Status letters of the kept trailer (one per package). */
const STATUS_LETTER: Record<ReadinessStatus, string> = { built: 'b', ready: 'r', blocked: 'k', unresolvable: 'u' };
const LETTER_STATUS: Record<string, ReadinessStatus> = { b: 'built', r: 'ready', k: 'blocked', u: 'unresolvable' };

/** The key of a build group's explanations: unresolvable entries leave those problems out. */
export function groupExplanationsKey(explanations: readonly Explanation[]): string {
  return createHash('sha256').update(JSON.stringify(explanations)).digest('hex').slice(0, 32);
}

/** The trailer of the packages `pkgs` (the report's, in order) rendered as entries of `lengths` bytes with inCycle at `inCycleAt`. */
export function keptTrailer(key: string, built: BuiltIndex, group: readonly Explanation[], pkgs: readonly PackageReadiness[], lengths: number[], inCycleAt: number[]): KeptTrailer {
  return {
    key,
    builtNames: [...built.names],
    builtNevrs: [...built.nevrs],
    group: groupExplanationsKey(group),
    names: pkgs.map((p) => p.name),
    status: pkgs.map((p) => STATUS_LETTER[p.status]).join(''),
    blockedBy: pkgs.map((p) => (p.status === 'blocked' ? p.blockedBy : 0)),
    // A kept entry's own record: its explanations are read from its bytes only when asked.
    causeBlockers: pkgs.map((p) => (p.status !== 'blocked' ? 0 : ((p as { [KEPT_ENTRY]?: KeptEntry })[KEPT_ENTRY]?.causeBlockers ?? causeBlockers(p.explanations)))),
    lengths,
    inCycleAt,
    cycles: pkgs.map((p) => (p.inCycle ? '1' : '0')).join(''),
  };
}

/** The blocking sources an explanation list names (their built state is part of the sentences). */
function causeBlockers(explanations: readonly Explanation[]): string[] {
  const out: string[] = [];
  for (const e of explanations) for (const c of e.causes) if (c.kind === 'needs-unbuilt') out.push(c.blocker);
  return out;
}

/**
 * The reuse decisions of one run against a kept result (the rule of the module comment). Built
 * from the kept result, this run's target names, which of them are built, the built index and
 * the upstream pool (to turn changed names into its string ids).
 */
export class KeptReuse {
  readonly #kept: KeptResult;
  /** Per upstream string id: 1 when the built repos gained or lost a binary of that name. */
  readonly #changedName: Uint8Array;
  /** Per upstream string id: 1 when the built repos no longer have a binary of that name (a lost name can add to `missing`: no patch). */
  readonly #lostName: Uint8Array;
  /** Per upstream string id: 1 when a changed name-evr string of the built repos could be of that name. */
  readonly #changedNevr: Uint8Array;
  /** Per upstream string id: 0 not known yet, 1 no built binary has that name, 2 one has. */
  readonly #builtHas: Uint8Array;
  readonly #names: ReadonlySet<string>;
  readonly #pool: Pool;
  readonly #table: { name: Int32Array; repo: Int32Array };
  readonly #upstreamRepoIds: ReadonlySet<number>;
  /** Sources whose built state changed. */
  readonly #flipped: Set<string>;
  readonly #usable: boolean;
  #sameGroup = false;

  /**
   * `names`: this run's targets in report order; `built(i)`: whether target i is built now;
   * `upstreamRepoIds`: the upstream binary repos' ids in `upstream`.
   */
  constructor(kept: KeptResult, names: readonly string[], built: (i: number) => boolean, builtIndex: BuiltIndex, upstream: Pool, upstreamRepoIds: ReadonlySet<number>) {
    this.#kept = kept;
    const t = kept.trailer;
    // Same context, same targets; a different list means the file is not what its key says: reuse nothing.
    this.#usable = t.names.length === names.length && names.every((n, i) => t.names[i] === n);
    this.#flipped = new Set();
    if (this.#usable) names.forEach((n, i) => (t.status[i] === 'b') !== built(i) && this.#flipped.add(n));
    const symdiff = (a: readonly string[], b: ReadonlySet<string>, visit: (s: string) => void) => {
      const as = new Set(a);
      for (const s of a) if (!b.has(s)) visit(s);
      for (const s of b) if (!as.has(s)) visit(s);
    };
    const byName = new Set<string>();
    const lost = new Set<string>();
    symdiff(t.builtNames, builtIndex.names, (s) => {
      byName.add(s);
      if (!builtIndex.names.has(s)) lost.add(s);
    });
    // A name-evr string is looked up whole: every name it could be the name-evr of counts.
    const byNevr = new Set<string>();
    symdiff(t.builtNevrs, builtIndex.nevrs, (s) => {
      for (let i = s.indexOf('-'); i > 0; i = s.indexOf('-', i + 1)) byNevr.add(s.slice(0, i));
    });
    this.#table = upstream.solvableTable();
    const size = this.#table.name.reduce((m, id) => Math.max(m, id + 1), 0);
    const marks = (set: Set<string>) => {
      const a = new Uint8Array(size);
      for (const s of set) {
        const id = upstream.str2id(s, false);
        if (id > 0 && id < size) a[id] = 1;
      }
      return a;
    };
    this.#changedName = marks(byName);
    this.#lostName = marks(lost);
    this.#changedNevr = marks(byNevr);
    this.#builtHas = new Uint8Array(size);
    this.#names = builtIndex.names;
    this.#pool = upstream;
    this.#upstreamRepoIds = upstreamRepoIds;
  }

  /**
   * True when upstream buildroot `installed` gives the same `missing` as in the kept run: no
   * binary of it has a name the built repos gained or lost, and either some binary is missing by
   * name (explain.ts then never looks at name-evrs) or no name-evr of its names changed.
   */
  stableBuildroot(installed: ArrayLike<number>): boolean {
    const nameOf = this.#table.name;
    let byName = false;
    let nevr = false;
    for (let k = 0; k < installed.length; k++) {
      const p = installed[k];
      const id = nameOf[p];
      if (this.#changedName[id]) return false;
      if (this.#changedNevr[id]) nevr = true;
      if (!byName && this.#upstreamRepoIds.has(this.#table.repo[p])) {
        if (!this.#builtHas[id]) this.#builtHas[id] = this.#names.has(this.#pool.id2str(id)) ? 2 : 1;
        byName = this.#builtHas[id] === 1;
      }
    }
    return byName || !nevr;
  }

  /** Target `i`'s kept entry when it was blocked and its causes name no source whose built state changed (check {@link KeptReuse.stableBuildroot} too). */
  blocked(i: number): { entry: KeptEntry; blockedBy: string[] } | undefined {
    if (!this.#usable) return undefined;
    const t = this.#kept.trailer;
    const cb = t.causeBlockers[i];
    const by = t.blockedBy[i];
    if (t.status[i] !== 'k' || !cb || !by) return undefined;
    for (const b of cb) if (this.#flipped.has(b)) return undefined;
    return { entry: this.#kept.entries[i], blockedBy: by };
  }

  /**
   * True when no binary of upstream buildroot `installed` has a name the built repos lost (they
   * may have gained some): its binaries missing by name are then those of the kept run less the
   * gained names (kept-patch.ts).
   */
  noLostName(installed: ArrayLike<number>): boolean {
    const nameOf = this.#table.name;
    for (let k = 0; k < installed.length; k++) if (this.#lostName[nameOf[installed[k]]]) return false;
    return true;
  }

  /** Target `i`'s kept entry when it was blocked (to patch: kept-patch.ts), whatever its causes name. */
  keptBlocked(i: number): KeptEntry | undefined {
    if (!this.#usable || this.#kept.trailer.status[i] !== 'k') return undefined;
    return this.#kept.entries[i];
  }

  /** Whether target `name`'s built state differs from the kept run's. */
  flipped(name: string): boolean {
    return this.#flipped.has(name);
  }

  /** Tells the build group's explanations of this run (before any {@link KeptReuse.unresolvable}). */
  setGroup(explanations: readonly Explanation[]): void {
    this.#sameGroup = groupExplanationsKey(explanations) === this.#kept.trailer.group;
  }

  /** Target `i`'s kept entry when it was unresolvable and the build group's explanations are the same. */
  unresolvable(i: number): KeptEntry | undefined {
    if (!this.#usable || !this.#sameGroup || this.#kept.trailer.status[i] !== 'u') return undefined;
    return this.#kept.entries[i];
  }

  /** The status a kept entry was rendered with. */
  keptStatus(i: number): ReadinessStatus | undefined {
    return LETTER_STATUS[this.#kept.trailer.status[i]];
  }
}

/** The JSON fields a kept entry is read back into, on demand. */
interface EntryJson {
  missing: string[];
  problems: string[];
  causes: Explanation[];
}

/** The parsed JSON of a kept entry. */
export function parseEntry(entry: KeptEntry): EntryJson {
  return JSON.parse(entryBytes(entry).toString('utf8')) as EntryJson;
}

/** What precedes the causes in an entry (its last key, at the entry's own depth: no string holds a raw newline), and what ends the entry. */
const CAUSES_KEY = Buffer.from('\n      "causes": ');
const ENTRY_END = Buffer.from('\n    }');

/**
 * The causes of a kept entry, parsed alone: a blocked entry's `missing` and sentences are most
 * of its text, and patching one (kept-patch.ts) reads only its causes.
 */
export function entryCauses(entry: KeptEntry): Explanation[] {
  const bytes = entryBytes(entry);
  const at = bytes.lastIndexOf(CAUSES_KEY);
  if (at < 0 || !bytes.subarray(bytes.length - ENTRY_END.length).equals(ENTRY_END)) return parseEntry(entry).causes;
  return JSON.parse(bytes.toString('utf8', at + CAUSES_KEY.length, bytes.length - ENTRY_END.length)) as Explanation[];
}

/**
 * Gives `pkg` the kept `entry`: `missing` and `explanations` read from it when first asked (a
 * JSON report never asks: it copies the entry's bytes), and the entry on {@link KEPT_ENTRY}.
 * Assigning either field drops the entry (the bytes would no longer be the package).
 */
export function attachKept(pkg: PackageReadiness, entry: KeptEntry, blockedBy: string[]): void {
  let parsed: EntryJson | undefined;
  const read = () => (parsed ??= parseEntry(entry));
  pkg.blockedBy = blockedBy; // the kept result's own array: read once, given once
  const lazy = (field: 'missing' | 'explanations', from: (e: EntryJson) => unknown) =>
    Object.defineProperty(pkg, field, {
      get: () => from(read()),
      set: (v: unknown) => {
        delete (pkg as { [KEPT_ENTRY]?: KeptEntry })[KEPT_ENTRY];
        Object.defineProperty(pkg, field, { value: v, writable: true, enumerable: true, configurable: true });
      },
      enumerable: true,
      configurable: true,
    });
  lazy('missing', (e) => e.missing);
  lazy('explanations', (e) => e.causes);
  (pkg as { [KEPT_ENTRY]?: KeptEntry })[KEPT_ENTRY] = entry;
}
