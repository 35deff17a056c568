/**
 * Classifying binaries as content or tool from the pool (the one file of src/order that reads
 * libsolv): names, provides, and files when filelists are loaded. The classes and the weights
 * built on them are pure data (src/order/weights.ts).
 */
import { constants as C, type Pool, type Repo } from '../solv/index.js';
import { classifyName, NEED_CLASS } from './weights.js';

/**
 * A provide that names a versioned shared-library soname: `libfoo.so.1()(64bit)`,
 * `libc.so.6(GLIBC_2.34)(64bit)`. Unversioned ones (`libstdbuf.so()(64bit)` of coreutils) are
 * plugins a tool loads, not libraries a build links.
 */
const SONAME = /^[^\s()]+\.so\.\d[^\s()]*\(/;

/**
 * The class of each binary name in `binaries` (a {@link NEED_CLASS} value per index), from
 * every package of that name in `binaryRepos`: a `-devel`/`-static`/`-headers`/`-dev` or
 * `*-rpm-macros`/`*-srpm-macros` name; a file under /usr/lib/rpm/macros.d or /usr/include (only
 * when filelists are loaded: primary lists neither); a `pkgconfig(...)` provide; a versioned
 * soname provide; else tool. The first that applies, in that order, is the class.
 */
export function classifyBinaries(pool: Pool, binaryRepos: readonly Repo[], binaries: readonly string[]): Uint8Array {
  const out = Uint8Array.from(binaries, classifyName);
  const indexOfName = new Map<number, number>();
  binaries.forEach((b, i) => {
    const id = pool.str2id(b, false);
    if (id) indexOfName.set(id, i);
  });
  const repoIds = new Set(binaryRepos.map((r) => r.id));
  const table = pool.solvableTable();
  const byFile = (glob: string) => new Set(pool.jobSolvables(pool.select(glob, C.SELECTION_FILELIST | C.SELECTION_GLOB)));
  const headers = byFile('/usr/include/*');
  const macros = byFile('/usr/lib/rpm/macros.d/*');
  const soname = new Uint8Array(binaries.length);
  for (let p = 2; p < table.repo.length; p++) {
    if (!repoIds.has(table.repo[p])) continue;
    const i = indexOfName.get(table.name[p]);
    if (i === undefined || out[i] !== NEED_CLASS.tool) continue;
    if (macros.has(p)) {
      out[i] = NEED_CLASS.macros;
      continue;
    }
    if (headers.has(p)) {
      out[i] = NEED_CLASS.headers;
      continue;
    }
    for (const d of pool.solvable(p).depIds('provides')) {
      const text = pool.dep2str(d);
      if (text.startsWith('pkgconfig(')) {
        out[i] = NEED_CLASS.pkgconfig;
        break;
      }
      if (SONAME.test(text)) soname[i] = 1;
    }
  }
  for (let i = 0; i < out.length; i++) if (out[i] === NEED_CLASS.tool && soname[i]) out[i] = NEED_CLASS.library;
  return out;
}
