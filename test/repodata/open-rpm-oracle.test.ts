/**
 * The bar for folders of .rpm files: every `*.rpm` of ../shared/data/rpms, loaded the way the CLI
 * loads `--repo FOLDER` (header -> primary XML -> .solv -> pool), is in the pool as `rpm -qp` reads
 * it (name, evr, arch and every dependency list), or, when rpm rejects the file too, is left out
 * with exactly one warning naming it. rpm must be installed: a missing oracle fails, it does not skip.
 *
 * The pool's view differs from rpm's output only where rpm-md's rules say so, and each rule is
 * spelled out below: rpmlib() requirements left out and comparisons rpm-md cannot spell (`<>`)
 * dropped, as createrepo_c does; epoch 0 not shown and `name = evr` self-provides added, and SUSE
 * `packageand()`/`locale()` rewritten, as libsolv does; characters XML 1.0 cannot carry replaced
 * as primary-xml.ts says.
 */
import { dirname, join, relative } from 'node:path';
import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { openRepos } from '../../src/repodata/open.js';
import { xmlSafeText } from '../../src/repodata/primary-xml.js';
import { listRpmFiles } from '../../src/rpm/index.js';
import { Pool, type Solvable } from '../../src/solv/index.js';
import { DEP_KINDS, rpmQuery, UNQUERYABLE } from '../helpers/rpm-oracle.js';
import { describeWithData, HAVE_SHARED_DATA, sharedPath } from '../helpers/shared-data.js';

const RPMS = sharedPath('rpms');
const FS = '\x1f';

/** The folders under rpms/ that hold `*.rpm` files, sorted. */
function rpmFolders(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!e.isDirectory()) continue;
    const p = join(dir, e.name);
    if (readdirSync(p).some((f) => f.endsWith('.rpm'))) out.push(p);
    out.push(...rpmFolders(p));
  }
  return out;
}

const FOLDERS = HAVE_SHARED_DATA ? rpmFolders(RPMS) : [];

const OPS: Record<number, string> = { 2: '<', 4: '>', 8: '=', 10: '<=', 12: '>=' };

/** One dependency of rpm's output as libsolv's dep2str prints it after the rpm-md path. */
function solvDep(name: string, flags: number, version: string): string {
  const n = xmlSafeText(name);
  const op = OPS[flags & 14];
  if (!op || !version) return n; // rpm-md has no `<>`, and no comparison without a version
  const v = xmlSafeText(version);
  return `${n} ${op} ${v.startsWith('0:') && v.length > 2 ? v.slice(2) : v}`;
}

/** libsolv's rewrite of SUSE supplements: `packageand(a:b)` -> `(a and b)`, and `locale(pkg:l1;l2)` provides add one. */
function suseSupplements(supplements: string[][], provides: string[][]): string[] {
  const out = supplements.map(([n, f, v]) => {
    const m = /^packageand\((.*)\)$/.exec(n);
    return m && Number(f) === 0 ? `(${m[1].split(':').join(' and ')})` : solvDep(n, Number(f), v);
  });
  for (const [n, f] of provides) {
    const m = /^locale\((?:([^:]+):)?([^)]*)\)$/.exec(n);
    if (!m || Number(f) & 14) continue;
    const langs = m[2].split(';').filter(Boolean).map((l) => `namespace:language(${l})`);
    const any = langs.length > 1 ? `(${langs.join(' or ')})` : langs[0];
    out.push(m[1] ? `(${m[1]} and ${any})` : any);
  }
  return out;
}

/** What the pool must hold for a package of which rpm printed `lines`. */
function expectedView(lines: string[]) {
  const field = (k: string) => lines.find((l) => l.startsWith(`@${k}${FS}`))!.split(FS)[1];
  const deps = (kind: string) => lines.filter((l) => l.startsWith(`@${kind}${FS}`)).map((l) => l.split(FS).slice(1));
  const epoch = field('E');
  const evr = `${epoch !== '(none)' && epoch !== '0' ? `${epoch}:` : ''}${xmlSafeText(field('V'))}-${xmlSafeText(field('R'))}`;
  const name = xmlSafeText(field('N'));
  const arch = field('A').slice(1) || 'noarch';
  const view: Record<string, unknown> = { name, evr, arch };
  for (const [kind] of DEP_KINDS) {
    let list = deps(kind);
    if (kind === 'requires') list = list.filter(([n]) => !n.startsWith('rpmlib('));
    let strings = kind === 'supplements' ? suseSupplements(list, deps('provides')) : list.map(([n, f, v]) => solvDep(n, Number(f), v));
    if (kind === 'provides' && arch !== 'src' && arch !== 'nosrc') strings.push(`${name} = ${evr}`);
    strings = [...new Set(strings)];
    view[kind] = strings.sort();
  }
  return view;
}

/** The same view of a solvable in the pool. */
function poolView(s: Solvable) {
  const view: Record<string, unknown> = { name: s.name, evr: s.evr, arch: s.arch };
  for (const [kind] of DEP_KINDS) view[kind] = [...new Set(s.deps(kind))].sort();
  return view;
}

describeWithData('every .rpm of ../shared/data/rpms loads as rpm -qp reads it, or a warning names it', () => {
  it('finds the folders', () => {
    expect(FOLDERS.map((f) => relative(RPMS, f))).toEqual(['koschei-srpms', 'rpm-tests-RPMS', 'rpm-tests-SRPMS', 'rpmlint-binary', 'rpmlint-source']);
  });

  for (const folder of FOLDERS) {
    it(relative(RPMS, folder), async () => {
      const pool = new Pool({ arch: 'x86_64' });
      try {
        const [repo] = await openRepos(pool, [folder], { noCache: true });
        const byLocation = new Map(repo.repo.solvables().map((s) => [s.location, s]));
        const files = await listRpmFiles(folder);
        expect(files.length).toBeGreaterThan(0);
        for (const file of files) {
          const expected = rpmQuery(file);
          expect(expected, file).not.toBe(UNQUERYABLE);
          const warnings = repo.warnings.filter((w) => w.includes(file));
          const s = byLocation.get(relative(dirname(file), file));
          if (expected === null) {
            // rpm rejects it: left out, and told once.
            expect(s, file).toBeUndefined();
            expect(warnings, file).toHaveLength(1);
            expect(warnings[0].split(file)).toHaveLength(2);
            continue;
          }
          expect(warnings, file).toEqual([]);
          expect(s, `${file} is in the pool`).toBeDefined();
          expect(poolView(s!), file).toEqual(expectedView(expected as string[]));
        }
        expect(repo.repo.solvables().length + repo.warnings.length).toBe(files.length);
      } finally {
        pool.free();
      }
    });
  }

  it('the header with a control character in a requirement (xtables-addons-kmp-default) loads', async () => {
    const file = join(RPMS, 'rpmlint-binary', 'xtables-addons-kmp-default-2.14_k4.12.14_lp151.16-lp151.3.10.x86_64.rpm');
    const pool = new Pool({ arch: 'x86_64' });
    try {
      const [repo] = await openRepos(pool, [file], { noCache: true });
      const [s] = repo.repo.solvables();
      expect(s.nevra).toBe('xtables-addons-kmp-default-2.14_k4.12.14_lp151.16-lp151.3.10.x86_64');
      expect(s.deps('requires')).toContain('ksym(default:\u2402)');
    } finally {
      pool.free();
    }
  });
});
