/**
 * Differential test of the wasm build against native libsolv (Debian's python3-solv, the same
 * 0.7.23) on real CentOS Stream 9 repodata: the same pool, the same jobs, the same answers.
 *
 * One python process per run (test/helpers/native-oracle.py) reads requests as JSON lines. Both
 * sides: arch x86_64, disttype rpm, default solver flags, repos loaded in the same order from the
 * same files, filelists with REPO_EXTEND_SOLVABLES the way dnf loads them, then addfileprovides
 * and createwhatprovides. Native reads the .gz through solv.xfopen; the wasm side gets the XML
 * gunzipped by node:zlib, as src/repodata does (Repo.addRpmmd's own buffer reader does not
 * decompress: libsolv's solv_xfopen_buf ignores the file name's suffix). python3-solv must be installed: a missing oracle fails
 * this test, it does not skip it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { C } from '../../src/native/index.js';
import { Pool, type DepKind, type DepPart, type Problem, type RuleInfo, type Solver } from '../../src/solv/index.js';
import { describeWithData, PROJECT_ROOT, sharedPath } from '../helpers/shared-data.js';
import { mulberry32 } from '../../src/graph/random.js';

const PYTHON = '/usr/bin/python3';
const ORACLE = join(PROJECT_ROOT, 'test', 'helpers', 'native-oracle.py');
const BASEOS = sharedPath('centos-stream-9', 'baseos-2022', 'repodata');
const APPSTREAM = sharedPath('centos-stream-9', 'appstream', 'repodata');

/** The one file in `dir` whose name ends with `suffix` (createrepo prefixes names with a checksum). */
function repodataFile(dir: string, suffix: string): string {
  const hits = readdirSync(dir).filter((f) => f.endsWith(suffix));
  if (hits.length !== 1) throw new Error(`expected one *${suffix} in ${dir}, found ${hits.length}`);
  return join(dir, hits[0]);
}

/** A file to load into a repo, with its REPO_* flags. */
interface RepoFile {
  path: string;
  flags: number;
}
/** What both sides load: repos in order, then optionally file provides. */
interface LoadSpec {
  arch: string;
  repos: { name: string; files: RepoFile[] }[];
  fileprovides: boolean;
}
/** A rule info as compared: type, source NEVRA, target NEVRA, dependency, libsolv's sentence. */
type InfoTuple = [number, string, string, string, string];
/** One problem as compared. */
interface ProblemResult {
  text: string;
  primary: InfoTuple;
  rules: InfoTuple[];
}
/** One job's outcome as compared: problems and the ordered transaction. */
interface SolveResult {
  problems: ProblemResult[];
  steps: [string, string][];
}
/** A job element on the wire: (how, solvable id) or (how, a plain name looked up as a string id). */
type WireJob = [number, number | { name: string }];
/** A solvable as compared: id, NEVRA and its dependency lists as text. */
type SolvableRow = [number, string, Record<string, string[]>];

/** The dependency lists compared, the same (key, marker) split the oracle asks libsolv for. */
const DEP_LISTS: [string, DepKind, DepPart][] = [
  ['requires', 'requires', 'plain'],
  ['requires:pre', 'requires', 'pre'],
  ['provides', 'provides', 'plain'],
  ['provides:files', 'provides', 'pre'],
  ['conflicts', 'conflicts', 'plain'],
  ['obsoletes', 'obsoletes', 'plain'],
  ['recommends', 'recommends', 'plain'],
  ['suggests', 'suggests', 'plain'],
  ['supplements', 'supplements', 'plain'],
  ['enhances', 'enhances', 'plain'],
];

/** The native side: one long-lived python3-solv process answering JSON lines. */
class NativeOracle {
  readonly #proc: ChildProcessWithoutNullStreams;
  readonly #waiting: { resolve: (v: unknown) => void; reject: (e: Error) => void }[] = [];
  #stderr = '';

  constructor() {
    this.#proc = spawn(PYTHON, [ORACLE], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#proc.stderr.on('data', (d: Buffer) => (this.#stderr += d.toString()));
    const fail = (e: Error) => {
      for (const w of this.#waiting.splice(0)) w.reject(e);
    };
    this.#proc.on('error', (e) => fail(new Error(`cannot run ${PYTHON} (python3-solv is needed: apt-get install python3-solv): ${e.message}`)));
    this.#proc.on('exit', (code) => fail(new Error(`native oracle exited with ${code}: ${this.#stderr}`)));
    createInterface({ input: this.#proc.stdout, crlfDelay: Infinity }).on('line', (line) => {
      const w = this.#waiting.shift();
      if (!w) return;
      const reply = JSON.parse(line) as { error?: string };
      if (reply.error) w.reject(new Error(`native oracle: ${reply.error}`));
      else w.resolve(reply);
    });
  }

  /** Sends one request and waits for its reply. */
  request<T>(req: object): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({ resolve: resolve as (v: unknown) => void, reject });
      this.#proc.stdin.write(JSON.stringify(req) + '\n');
    });
  }

  close(): void {
    this.#proc.stdin.end(JSON.stringify({ op: 'quit' }) + '\n');
  }
}

/** The wasm side of a load spec. */
function wasmPool(spec: LoadSpec): Pool {
  const pool = new Pool({ arch: spec.arch });
  pool.setDisttype('rpm');
  for (const r of spec.repos) {
    const repo = pool.addRepo(r.name);
    for (const f of r.files) {
      const bytes = readFileSync(f.path);
      repo.addRpmmd(f.path.endsWith('.gz') ? gunzipSync(bytes) : bytes, { file: f.path, flags: f.flags });
    }
  }
  if (spec.fileprovides) pool.addFileProvides();
  pool.createWhatProvides();
  return pool;
}

function wasmSolvables(pool: Pool): SolvableRow[] {
  const rows: SolvableRow[] = [];
  for (const s of pool.solvables()) {
    const deps: Record<string, string[]> = {};
    for (const [label, kind, part] of DEP_LISTS) deps[label] = s.deps(kind, part);
    rows.push([s.id, s.nevra, deps]);
  }
  return rows;
}

function wasmSolve(pool: Pool, solver: Solver, wire: WireJob[]): SolveResult {
  const jobs = wire.map(([how, what]) => ({ how, what: typeof what === 'number' ? what : pool.str2id(what.name) }));
  const nevra = (p: number) => (p ? pool.solvable(p).nevra : '');
  const tuple = (i: RuleInfo): InfoTuple => {
    if (i.job) {
      // Job rules name the job (its index in the job queue, its `how` and `what`), not solvables.
      const what = (i.job.how & C.SOLVER_SELECTMASK) === C.SOLVER_SOLVABLE ? nevra(i.job.what) : pool.dep2str(i.job.what);
      return [i.code, `job ${i.job.index}`, `how ${i.job.how}`, what, i.text];
    }
    return [i.code, nevra(i.source), nevra(i.target), i.dep ? pool.dep2str(i.dep) : '', i.text];
  };
  const problems = solver.solve(jobs).map((p: Problem) => ({ text: p.text, primary: tuple(p.primary), rules: p.rules.map(tuple) }));
  const trans = solver.transaction();
  try {
    const steps = trans.order().steps().map((s): [string, string] => [s.type, s.solvable.nevra]);
    return { problems, steps };
  } finally {
    trans.free();
  }
}

/**
 * The results with each problem's rule infos in one fixed order. libsolv sorts a rule's infos
 * with a comparator that subtracts ids (solver_allruleinfos_cmp in src/rules.c): for a relation
 * id (high bit set) against a large string id the subtraction overflows, the order is not
 * transitive, and the outcome depends on the sort algorithm: glibc's qsort_r natively, libsolv's
 * bundled BSD qsort in the wasm build. The set of infos is the same; only that order may differ.
 */
function canonical(results: SolveResult[]): SolveResult[] {
  const key = (t: InfoTuple) => JSON.stringify(t);
  return results.map((r) => ({
    ...r,
    problems: r.problems.map((p) => ({ ...p, rules: [...p.rules].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)) })),
  }));
}

/** How many problems list their rule infos in a different order on the two sides (see canonical). */
function reorderedProblems(wasm: SolveResult[], native: SolveResult[]): number {
  let n = 0;
  wasm.forEach((r, i) =>
    r.problems.forEach((p, j) => {
      if (JSON.stringify(p.rules) !== JSON.stringify(native[i]?.problems[j]?.rules)) n++;
    }),
  );
  return n;
}


/** Rows that differ, at most `limit`, as readable [label, wasm, native] triples. */
function differences<T>(labels: string[], wasm: T[], native: T[], limit = 5): [string, T | undefined, T | undefined][] {
  const out: [string, T | undefined, T | undefined][] = [];
  const n = Math.max(wasm.length, native.length);
  for (let i = 0; i < n && out.length < limit; i++) {
    if (JSON.stringify(wasm[i]) !== JSON.stringify(native[i])) out.push([labels[i] ?? `#${i}`, wasm[i], native[i]]);
  }
  return out;
}

const INSTALL = C.SOLVER_INSTALL | C.SOLVER_SOLVABLE;
const LOCK = C.SOLVER_LOCK | C.SOLVER_SOLVABLE;
const INSTALL_PROVIDES = C.SOLVER_INSTALL | C.SOLVER_SOLVABLE_PROVIDES;

describeWithData('wasm libsolv against native python3-solv 0.7.23', () => {
  let oracle: NativeOracle;
  beforeAll(() => {
    oracle = new NativeOracle();
  });
  afterAll(() => oracle?.close());

  describe('CentOS Stream 9 BaseOS: primary + filelists, file provides', () => {
    const spec: LoadSpec = {
      arch: 'x86_64',
      repos: [
        {
          name: 'baseos',
          files: [
            { path: repodataFile(BASEOS, '-primary.xml.gz'), flags: 0 },
            { path: repodataFile(BASEOS, '-filelists.xml.gz'), flags: C.REPO_EXTEND_SOLVABLES },
          ],
        },
      ],
      fileprovides: true,
    };
    let pool: Pool;
    let solver: Solver;
    let installable: number[];

    beforeAll(async () => {
      pool = wasmPool(spec);
      solver = pool.createSolver();
      const { count } = await oracle.request<{ count: number }>({ op: 'load', ...spec });
      expect(count).toBe([...pool.solvables()].length);
      installable = [...pool.solvables()].filter((s) => s.arch === 'x86_64' || s.arch === 'noarch').map((s) => s.id);
    });
    afterAll(() => pool?.free());

    /** Solves the jobs on both sides and expects identical results; returns the wasm results. */
    async function compare(label: string, jobs: WireJob[][], names: string[]): Promise<SolveResult[]> {
      const wasm = jobs.map((j) => wasmSolve(pool, solver, j));
      const { results } = await oracle.request<{ results: SolveResult[] }>({ op: 'solve', jobs });
      const failing = wasm.filter((r) => r.problems.length > 0).length;
      const steps = wasm.reduce((n, r) => n + r.steps.length, 0);
      const reordered = reorderedProblems(wasm, results);
      console.log(
        `differential ${label}: ${jobs.length} jobs compared, ${failing} with problems, ${steps} transaction steps` +
          (reordered ? `, ${reordered} problems list their rule infos in another order (see reorderedProblems)` : ''),
      );
      expect(results).toHaveLength(jobs.length);
      expect(differences(names, canonical(wasm), canonical(results))).toEqual([]);
      return wasm;
    }

    it('has the same solvables and dependency lists', async () => {
      const { solvables } = await oracle.request<{ solvables: SolvableRow[] }>({ op: 'solvables' });
      const wasm = wasmSolvables(pool);
      console.log(`differential BaseOS pool: ${wasm.length} solvables compared`);
      expect(wasm.length).toBeGreaterThan(1000);
      expect(differences(wasm.map((r) => r[1]), wasm, solvables)).toEqual([]);
      // File provides were added, so the comparison covers that path too.
      expect(wasm.some((r) => r[2]['provides:files'].length > 0)).toBe(true);
    });

    it('installs every x86_64 and noarch package the same way', async () => {
      expect(installable.length).toBeGreaterThan(800);
      const jobs = installable.map((p): WireJob[] => [[INSTALL, p]]);
      const wasm = await compare('install each package', jobs, installable.map((p) => pool.solvable(p).nevra));
      expect(wasm.filter((r) => r.problems.length === 0 && r.steps.length > 0).length).toBeGreaterThan(installable.length / 2);
    });

    it('installs 200 seeded random sets of 2-8 packages the same way', async () => {
      const rand = mulberry32(0x9005e);
      const jobs: WireJob[][] = [];
      for (let i = 0; i < 200; i++) {
        const n = 2 + Math.floor(rand() * 7);
        const set = new Set<number>();
        while (set.size < n) set.add(installable[Math.floor(rand() * installable.length)]);
        jobs.push([...set].map((p): WireJob => [INSTALL, p]));
      }
      await compare('random sets', jobs, jobs.map((j) => j.map(([, p]) => pool.solvable(p as number).nevra).join(' ')));
    });

    it('fails the same way on jobs that cannot be satisfied', async () => {
      const jobs: WireJob[][] = [[[INSTALL_PROVIDES, { name: 'nonexistent-thing' }]], [[INSTALL_PROVIDES, { name: 'nonexistent-thing' }], [INSTALL, installable[0]]]];
      const ok = new Set(installable);
      // A package together with a package that provides something it conflicts with.
      const conflictPairs: WireJob[][] = [];
      // A package with the only provider of one of its requirements locked out.
      const lockedOut: WireJob[][] = [];
      for (const p of installable) {
        const s = pool.solvable(p);
        for (const dep of s.depIds('conflicts')) {
          const other = [...pool.whatProvidesIds(dep)].find((q) => q !== p && ok.has(q));
          if (other !== undefined && conflictPairs.length < 60) conflictPairs.push([[INSTALL, p], [INSTALL, other]]);
        }
        for (const dep of s.depIds('requires')) {
          // Rich dependencies are skipped: `(a if b)` is satisfied without a.
          const providers = pool.dep2str(dep).startsWith('(') ? [] : [...pool.whatProvidesIds(dep)];
          if (providers.length === 1 && providers[0] !== p && lockedOut.length < 60) {
            lockedOut.push([[INSTALL, p], [LOCK, providers[0]]]);
            break;
          }
        }
      }
      expect(conflictPairs.length).toBeGreaterThan(0);
      expect(lockedOut.length).toBe(60);
      jobs.push(...conflictPairs, ...lockedOut);
      const labels = jobs.map((j) => j.map(([how, what]) => `${how}:${typeof what === 'number' ? pool.solvable(what).nevra : what.name}`).join(' '));
      const wasm = await compare('jobs that must fail', jobs, labels);
      expect(labels.filter((_, i) => wasm[i].problems.length === 0)).toEqual([]);
      // Each problem carries structured causes, not only a sentence.
      expect(wasm.every((r) => r.problems.every((p) => p.rules.length > 0))).toBe(true);
    });

    it('agrees on multilib installs and on sets with a seeded random lock', async () => {
      const multilib = [...pool.solvables()].filter((s) => s.arch === 'i686').map((s) => s.id);
      expect(multilib.length).toBeGreaterThan(100);
      const jobs: WireJob[][] = multilib.map((p) => [[INSTALL, p]]);
      // A package together with one that provides what it obsoletes (by default obsoletes match
      // names only, so some of these succeed).
      for (const p of installable) {
        for (const dep of pool.solvable(p).depIds('obsoletes')) {
          const other = [...pool.whatProvidesIds(dep)].find((q) => q !== p && pool.solvable(q).arch !== 'i686');
          if (other !== undefined) jobs.push([[INSTALL, p], [INSTALL, other]]);
        }
      }
      // Lock one package of the solution: the solver has to find an alternative or give up.
      // (A solver of its own: the compared solver must see the same solve history on both sides.)
      const rand = mulberry32(0x10c4);
      const picker = pool.createSolver();
      try {
        for (let i = 0; i < 150; i++) {
          const p = installable[Math.floor(rand() * installable.length)];
          picker.solveCount([{ how: INSTALL, what: p }]);
          const chosen = [...picker.decidedInstalls()].filter((q) => q !== p);
          if (chosen.length) jobs.push([[INSTALL, p], [LOCK, chosen[Math.floor(rand() * chosen.length)]]]);
        }
      } finally {
        picker.free();
      }
      const wasm = await compare('multilib and locks', jobs, jobs.map((j) => JSON.stringify(j)));
      expect(wasm.some((r) => r.problems.length > 0)).toBe(true);
      expect(wasm.some((r) => r.problems.length === 0 && r.steps.length > 0)).toBe(true);
    });
  });

  /** Loads `spec` on both sides and expects every solvable and dependency list to be equal. */
  async function expectSamePools(label: string, spec: LoadSpec, expected: number): Promise<void> {
    const pool = wasmPool(spec);
    try {
      const { count } = await oracle.request<{ count: number }>({ op: 'load', ...spec });
      const { solvables } = await oracle.request<{ solvables: SolvableRow[] }>({ op: 'solvables' });
      const wasm = wasmSolvables(pool);
      console.log(`differential ${label} pool: ${wasm.length} solvables compared`);
      expect(wasm.length).toBe(count);
      expect(wasm.length).toBe(expected);
      expect(differences(wasm.map((r) => r[1]), wasm, solvables)).toEqual([]);
    } finally {
      pool.free();
    }
  }

  describe('bookworm-derived binary and source repos (63k + 34k packages)', () => {
    it('have the same solvables and dependency lists', async () => {
      const primary = (part: string) => ({ name: part, files: [{ path: sharedPath('bookworm-rpmmd', part, 'repodata', 'primary.xml.gz'), flags: 0 }] });
      await expectSamePools('bookworm', { arch: 'x86_64', repos: [primary('binary'), primary('source')], fileprovides: true }, 63_440 + 34_278);
    });
  });

  describe('CentOS Stream 9 AppStream primary', () => {
    it('has the same solvables and dependency lists', async () => {
      const spec: LoadSpec = {
        arch: 'x86_64',
        repos: [{ name: 'appstream', files: [{ path: repodataFile(APPSTREAM, '-primary.xml.gz'), flags: 0 }] }],
        fileprovides: true,
      };
      await expectSamePools('AppStream', spec, 17_649);
    });
  });
});
