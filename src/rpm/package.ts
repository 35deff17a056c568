/**
 * From header bytes to an `RpmPackage`: plain data, no libsolv, the fields a dependency solver
 * and an rpm-md writer need, decided the way rpm and libsolv decide them:
 * - accepted and rejected like rpm 4.18 reads packages (see header-structure.ts and layout.ts),
 *   plus a few stricter checks on content we use (duplicate tags, wrong types of the tags we read,
 *   parallel arrays of different lengths, directory indexes out of range);
 * - source packages get arch `src` (`nosrc` with NOSOURCE/NOPATCH); their requires are BuildRequires;
 * - dependencies keep rpm's order and raw RPMSENSE flags; a missing FLAGS array means 0 and a
 *   missing VERSION array no version (v3 headers); `pre` is set as createrepo_c sets it;
 * - weak dependencies come from the RECOMMEND/SUGGEST/SUPPLEMENT/ENHANCE tags, or when absent from
 *   OLDSUGGESTS/OLDENHANCES split by RPMSENSE_STRONG, as libsolv reads them;
 * - a region-less (v3) binary header gets rpm's `name = EVR` self-provide when it lacks one;
 * - strings decode as UTF-8, or ISO-8859-1 when not valid UTF-8 (text.ts).
 */
import { GooseError } from '../errors.js';
import { tagLabel, type RpmHeader } from './header-structure.js';
import { readRpmLayout } from './layout.js';
import { RPMFILE_GHOST, RPMSENSE_PRE_MASK, RpmSense, RpmTag } from './tags.js';

/** A version comparison, spelled as rpm-md's `flags` attribute spells it. */
export type RpmComparison = 'LT' | 'LE' | 'EQ' | 'GE' | 'GT';

/**
 * One dependency. A rich dependency such as `(a or b)` is kept whole in `name`, with no version.
 */
export interface RpmDependency {
  /** Capability name, e.g. `libc.so.6()(64bit)`, `/bin/sh`, `rpmlib(PayloadIsZstd)`, `(a or b)`. */
  name: string;
  /**
   * The RPMSENSE bits exactly as stored (see `RpmSense`): the comparison (LESS 2, GREATER 4,
   * EQUAL 8) and the qualifiers (PREREQ, SCRIPT_PRE/POST/PREUN/POSTUN, INTERP, RPMLIB, STRONG...).
   */
  flags: number;
  /** The comparison the flags encode, when they encode one of the five rpm-md knows. */
  comparison?: RpmComparison;
  /** The `[epoch:]version[-release]` compared against, as stored (a `0:` epoch is not stripped). */
  version?: string;
  /** Set on a requirement needed before install (PREREQ, SCRIPT_PRE or SCRIPT_POST), as createrepo_c marks `pre="1"`. */
  pre?: true;
}

/** One file of the package, typed as rpm-md's filelists type it. */
export interface RpmFile {
  /** Absolute path (for a source package: the bare file name, as rpm stores it). */
  path: string;
  /** `dir` when the mode is a directory, `ghost` for `%ghost` files, else `file`. */
  type: 'file' | 'dir' | 'ghost';
}

/** What an `.rpm` or `.src.rpm` header says about the package. */
export interface RpmPackage {
  /** The name the bytes were read under (used in error messages, never opened). */
  fileName: string;
  name: string;
  /** The EPOCH tag; undefined when the package has none (which rpm compares as 0). */
  epoch?: number;
  version: string;
  release: string;
  /** The solvable architecture: the ARCH tag for binaries, `src` (or `nosrc`) for source packages. */
  arch: string;
  /** The ARCH tag as written (for a source package, the architecture it was built on). */
  headerArch?: string;
  /** True for a source package: no SOURCERPM, and a SOURCEPACKAGE tag or rpm's file-list heuristic. */
  isSource: boolean;
  /** The source package a binary was built from; undefined for source packages. */
  sourcerpm?: string;
  summary?: string;
  license?: string;
  /** Build time, seconds since the epoch. */
  buildtime?: number;
  /** Installed size in bytes (LONGSIZE, else SIZE). */
  installedSize?: number;
  provides: RpmDependency[];
  /** For a source package these are its BuildRequires. */
  requires: RpmDependency[];
  conflicts: RpmDependency[];
  obsoletes: RpmDependency[];
  recommends: RpmDependency[];
  suggests: RpmDependency[];
  supplements: RpmDependency[];
  enhances: RpmDependency[];
  /** Files in header order. */
  files: RpmFile[];
  /** Byte range of the main header in the file (rpm-md's `rpm:header-range`). */
  headerRange: { start: number; end: number };
  /** Format details: the lead's major version, and rpm >= 6's RPMFORMAT tag when present. */
  format: { leadMajor: number; rpmFormat?: number; hasRegion: boolean };
}

const COMPARISONS: Record<number, RpmComparison> = {
  [RpmSense.LESS]: 'LT',
  [RpmSense.LESS | RpmSense.EQUAL]: 'LE',
  [RpmSense.EQUAL]: 'EQ',
  [RpmSense.GREATER | RpmSense.EQUAL]: 'GE',
  [RpmSense.GREATER]: 'GT',
};
const COMPARE_MASK = RpmSense.LESS | RpmSense.GREATER | RpmSense.EQUAL;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;

/**
 * Reads a package from bytes that hold at least its lead and both headers (the payload may be
 * missing). Every problem with the bytes is a `GooseError` naming `fileName`.
 */
export function readRpmPackage(bytes: Uint8Array, fileName: string): RpmPackage {
  const { lead, header: h } = readRpmLayout(bytes, fileName);
  const file = fileName;
  const required = (tag: number): string => {
    const value = h.string(tag);
    if (value === undefined) throw new GooseError('RPM_MISSING_TAG', `main header has no ${tagLabel(tag)}`, { file });
    return value;
  };
  const name = required(RpmTag.NAME);
  const version = required(RpmTag.VERSION);
  const release = required(RpmTag.RELEASE);
  const epoch = h.int32(RpmTag.EPOCH);
  const headerArch = h.string(RpmTag.ARCH);
  const sourcerpm = h.string(RpmTag.SOURCERPM);
  const files = readFiles(h, file);
  // rpm's applyRetrofits and libsolv's rpmhead2solv agree: SOURCERPM makes a binary; without it,
  // SOURCEPACKAGE or a file list with one empty directory name makes a source package.
  const isSource = sourcerpm === undefined && (h.has(RpmTag.SOURCEPACKAGE) || looksLikeSource(h));
  const arch = isSource
    ? h.has(RpmTag.NOSOURCE) || h.has(RpmTag.NOPATCH) ? 'nosrc' : 'src'
    : headerArch ?? 'noarch';

  const deps = (n: number, v: number, f: number): RpmDependency[] => readDeps(h, n, v, f, file);
  const provides = deps(RpmTag.PROVIDENAME, RpmTag.PROVIDEVERSION, RpmTag.PROVIDEFLAGS);
  if (!h.hasRegion && !isSource) retrofitSelfProvide(provides, name, epoch, version, release);
  const requires = deps(RpmTag.REQUIRENAME, RpmTag.REQUIREVERSION, RpmTag.REQUIREFLAGS);
  for (const r of requires) if (r.flags & RPMSENSE_PRE_MASK) r.pre = true;

  // Before rpm 4.12 weak dependencies lived in OLDSUGGESTS/OLDENHANCES, the strong ones
  // (Recommends, Supplements) marked with RPMSENSE_STRONG; libsolv reads them the same way.
  const weak = (n: number, v: number, f: number, oldN: number, oldV: number, oldF: number, strong: boolean): RpmDependency[] =>
    h.has(n) ? deps(n, v, f) : deps(oldN, oldV, oldF).filter((d) => ((d.flags & RpmSense.STRONG) !== 0) === strong);
  const S = RpmTag;

  const pkg: RpmPackage = {
    fileName,
    name,
    version,
    release,
    arch,
    isSource,
    provides,
    requires,
    conflicts: deps(S.CONFLICTNAME, S.CONFLICTVERSION, S.CONFLICTFLAGS),
    obsoletes: deps(S.OBSOLETENAME, S.OBSOLETEVERSION, S.OBSOLETEFLAGS),
    recommends: weak(S.RECOMMENDNAME, S.RECOMMENDVERSION, S.RECOMMENDFLAGS, S.OLDSUGGESTSNAME, S.OLDSUGGESTSVERSION, S.OLDSUGGESTSFLAGS, true),
    suggests: weak(S.SUGGESTNAME, S.SUGGESTVERSION, S.SUGGESTFLAGS, S.OLDSUGGESTSNAME, S.OLDSUGGESTSVERSION, S.OLDSUGGESTSFLAGS, false),
    supplements: weak(S.SUPPLEMENTNAME, S.SUPPLEMENTVERSION, S.SUPPLEMENTFLAGS, S.OLDENHANCESNAME, S.OLDENHANCESVERSION, S.OLDENHANCESFLAGS, true),
    enhances: weak(S.ENHANCENAME, S.ENHANCEVERSION, S.ENHANCEFLAGS, S.OLDENHANCESNAME, S.OLDENHANCESVERSION, S.OLDENHANCESFLAGS, false),
    files,
    headerRange: { start: h.start, end: h.end },
    format: { leadMajor: lead.major, hasRegion: h.hasRegion },
  };
  if (epoch !== undefined) pkg.epoch = epoch;
  if (headerArch !== undefined) pkg.headerArch = headerArch;
  if (sourcerpm !== undefined) pkg.sourcerpm = sourcerpm;
  const summary = h.string(RpmTag.SUMMARY);
  if (summary !== undefined) pkg.summary = summary;
  const license = h.string(RpmTag.LICENSE);
  if (license !== undefined) pkg.license = license;
  const buildtime = h.int32(RpmTag.BUILDTIME);
  if (buildtime !== undefined) pkg.buildtime = buildtime;
  const installedSize = h.has(RpmTag.LONGSIZE) ? h.int64(RpmTag.LONGSIZE) : h.int32(RpmTag.SIZE);
  if (installedSize !== undefined) pkg.installedSize = installedSize;
  const rpmFormat = h.int32(RpmTag.RPMFORMAT);
  if (rpmFormat !== undefined) pkg.format.rpmFormat = rpmFormat;
  return pkg;
}

/** Parallel NAME/VERSION/FLAGS arrays to dependencies; VERSION and FLAGS may be absent (v3). */
function readDeps(h: RpmHeader, nameTag: number, versionTag: number, flagsTag: number, file: string): RpmDependency[] {
  const names = h.stringArray(nameTag);
  if (!names) return [];
  const versions = h.stringArray(versionTag);
  const flags = h.int32Array(flagsTag);
  for (const [tag, arr] of [[versionTag, versions], [flagsTag, flags]] as const) {
    if (arr && arr.length !== names.length) {
      throw new GooseError('RPM_COUNT_MISMATCH', `${tagLabel(nameTag)} has ${names.length} entries but ${tagLabel(tag)} has ${arr.length}`, { file });
    }
  }
  return names.map((name, i) => {
    const dep: RpmDependency = { name, flags: flags ? flags[i] : 0 };
    const comparison = COMPARISONS[dep.flags & COMPARE_MASK];
    if (comparison) dep.comparison = comparison;
    const version = versions?.[i];
    if (version) dep.version = version;
    return dep;
  });
}

/**
 * Ancient headers (no immutable region) may lack `name = [epoch:]version-release` among their
 * provides; rpm adds it on reading (providePackageNVR), so we do too, to report what rpm reports.
 */
function retrofitSelfProvide(provides: RpmDependency[], name: string, epoch: number | undefined, version: string, release: string): void {
  const evr = `${epoch !== undefined ? `${epoch}:` : ''}${version}-${release}`;
  const has = provides.some((p) => p.name === name && (p.flags & COMPARE_MASK) === RpmSense.EQUAL && p.version === evr);
  if (!has) provides.push({ name, flags: RpmSense.EQUAL, comparison: 'EQ', version: evr });
}

/** rpm's headerIsSourceHeuristic: a source package's files sit in one directory named "". */
function looksLikeSource(h: RpmHeader): boolean {
  const dirs = h.stringArray(RpmTag.DIRNAMES);
  if (dirs) return dirs.length === 1 && dirs[0] === '';
  const old = h.stringArray(RpmTag.OLDFILENAMES);
  return old !== undefined && old.length > 0 && !old[0].startsWith('/');
}

/** The file list from DIRNAMES/BASENAMES/DIRINDEXES, or from OLDFILENAMES in old packages. */
function readFiles(h: RpmHeader, file: string): RpmFile[] {
  let paths: string[];
  const basenames = h.stringArray(RpmTag.BASENAMES);
  if (basenames) {
    const dirnames = h.stringArray(RpmTag.DIRNAMES) ?? [];
    const dirindexes = h.int32Array(RpmTag.DIRINDEXES) ?? [];
    if (dirindexes.length !== basenames.length) {
      throw new GooseError('RPM_COUNT_MISMATCH', `BASENAMES has ${basenames.length} entries but DIRINDEXES has ${dirindexes.length}`, { file });
    }
    paths = basenames.map((base, i) => {
      const dir = dirnames[dirindexes[i]];
      if (dir === undefined) {
        throw new GooseError('RPM_BAD_DIRINDEX', `file ${i} (${base}) names directory ${dirindexes[i]} of ${dirnames.length}`, { file });
      }
      return dir + base;
    });
  } else {
    paths = h.stringArray(RpmTag.OLDFILENAMES) ?? [];
  }
  const modes = h.int16Array(RpmTag.FILEMODES);
  const flags = h.int32Array(RpmTag.FILEFLAGS);
  for (const [tag, arr] of [[RpmTag.FILEMODES, modes], [RpmTag.FILEFLAGS, flags]] as const) {
    if (arr && arr.length !== paths.length) {
      throw new GooseError('RPM_COUNT_MISMATCH', `the package has ${paths.length} files but ${tagLabel(tag)} has ${arr.length} entries`, { file });
    }
  }
  return paths.map((path, i) => ({
    path,
    type: modes && (modes[i] & S_IFMT) === S_IFDIR ? 'dir' : flags && flags[i] & RPMFILE_GHOST ? 'ghost' : 'file',
  }));
}
