/**
 * Which packages of a loaded repository are hidden from the solver, as dnf hides them: the
 * non-modular packages an active module stream replaces, the `.repo` file's exclude and
 * includepkgs globs, and the packages a module filter names by NEVRA.
 */
import type { Repo } from '../solv/index.js';
import { globToRegExp } from '../query/glob.js';
import type { ModuleFilter } from './modules.js';

/** What {@link maskedByModules} reads of a loaded repository (open.ts's LoadedRepo). */
export interface ModularRepo {
  /** The libsolv repo. */
  repo: Repo;
  /** Its module filtering, when it has modules.yaml. */
  modules?: ModuleFilter;
  /** The `.repo` file's `module_hotfixes`. */
  moduleHotfixes?: boolean;
}

/** The packages of `repo` whose NEVRA (epoch written or not when 0) is in `nevras`. */
export function matchNevras(repo: Repo, nevras: Iterable<string>): number[] {
  const wanted = new Set(nevras);
  if (!wanted.size) return [];
  // A package's name is its NEVRA up to one of the dashes: only packages whose name is such a
  // prefix of some wanted NEVRA need their EVR and arch read (a cold AppStream load checks 17k
  // packages for the few hundred names of its modules' artifacts).
  const prefixes = new Set<string>();
  for (const key of wanted) for (let d = key.indexOf('-'); d !== -1; d = key.indexOf('-', d + 1)) prefixes.add(key.slice(0, d));
  const ids: number[] = [];
  for (const s of repo.solvables()) {
    if (!prefixes.has(s.name)) continue;
    const evr = s.evr;
    if (wanted.has(nevraKey(s.name, evr, s.arch)) || wanted.has(`${s.name}-${evr}.${s.arch}`)) ids.push(s.id);
  }
  return ids;
}

/** `name-epoch:version-release.arch`, the epoch always written (modules.yaml's artifact form). */
function nevraKey(name: string, evr: string, arch: string): string {
  return `${name}-${evr.includes(':') ? evr : `0:${evr}`}.${arch}`;
}

/**
 * dnf's modular masking: the packages of `repos` that are not modular but carry the name of a
 * package an active module stream ships (so enabling nginx:1.22 hides the non-modular nginx);
 * repos with module_hotfixes are left alone.
 */
export function maskedByModules(repos: readonly ModularRepo[]): number[] {
  const masked = new Set(repos.flatMap((r) => r.modules?.maskedNames ?? []));
  if (!masked.size) return [];
  const modular = new Set(repos.flatMap((r) => r.modules?.modular ?? []));
  const ids: number[] = [];
  for (const r of repos) {
    if (r.moduleHotfixes) continue;
    for (const s of r.repo.solvables()) {
      if (s.arch !== 'src' && s.arch !== 'nosrc' && masked.has(s.name) && !modular.has(nevraKey(s.name, s.evr, s.arch))) ids.push(s.id);
    }
  }
  return ids;
}

/**
 * dnf's exclude/includepkgs: fnmatch globs over name, name.arch, name-evr and the NEVRA; the
 * packages some glob matches, or with `invert` the packages none matches.
 */
export function matchGlobs(repo: Repo, globs: string[], invert: boolean): number[] {
  const res = globs.map((g) => globToRegExp(g));
  const ids: number[] = [];
  for (const s of repo.solvables()) {
    const forms = [s.name, `${s.name}.${s.arch}`, `${s.name}-${s.evr}`, s.nevra];
    const hit = res.some((r) => forms.some((f) => r.test(f)));
    if (hit !== invert) ids.push(s.id);
  }
  return ids;
}
