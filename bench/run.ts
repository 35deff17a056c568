/**
 * Side-by-side benchmark of goose-deps' libsolv WebAssembly build against native libsolv
 * (Debian's python3-solv, the same 0.7.23), on the same real repodata, in one run.
 *
 * Run: `npm run bench` (= `tsx bench/run.ts`), options `--reps N` repetitions per process (default
 * 3), `--rounds N` processes per side (default 3, native and wasm alternating), `--no-build`,
 * `--profile` (CPU-profile the wasm side of every case; by default only of those that miss their
 * bar), `--profile-wasm FILE` (profile with that libsolv.wasm, e.g. one linked with
 * --profiling-funcs so functions have names; see bench/README.md), `--out FILE` (default
 * bench/RESULTS.md, rewritten), `--only a-1t,b,...` (only those cases; the results file is then
 * left alone unless --out is given), `--wasm FILE` (time another build of libsolv.wasm, its
 * libsolv.cjs beside it, in the cases that load the module from src/: a-1t, b, b+order,
 * d-cold-1t, d-solv; also leaves the results file alone unless --out is given).
 *
 * Each measurement runs in fresh processes (bench/native/worker.py, bench/wasm/worker.ts) that
 * time themselves: interpreter start-up and code loading stay outside the timed regions. The two
 * sides alternate process by process, so load from other work on the machine falls on both.
 * Figures are medians over every repetition of every round; ratios are wasm / native, for wall
 * time and for the process's CPU time (less sensitive to other load on the machine).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { writeSection } from './lib/results.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = process.env.GOOSE_SHARED_DATA ?? resolve(ROOT, '..', 'shared', 'data');
const PYTHON = '/usr/bin/python3';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const REPS = Number(option('--reps', '3'));
const ROUNDS = Number(option('--rounds', '3'));
const ONLY = option('--only', '').split(',').filter(Boolean);
const WASM = option('--wasm', '');
/** A partial run (some cases, or another module) writes a results file only when told where. */
const OUT = ONLY.length || WASM ? (flag('--out') ? resolve(ROOT, option('--out', '')) : undefined) : resolve(ROOT, option('--out', 'bench/RESULTS.md'));
const want = (id: string) => !ONLY.length || ONLY.includes(id);
const wasmEnv: NodeJS.ProcessEnv = WASM ? { ...process.env, GOOSE_BENCH_WASM: resolve(WASM) } : process.env;

/** One process's report (see the workers). */
interface Report {
  times: number[];
  cpu?: number[];
  first?: number[];
  rssBaseKiB: number;
  rssPeakKiB: number;
  gunzipMs?: number[];
  count?: number;
  jobs?: number;
  problems?: number;
  steps?: number;
  wasmHeapBytes?: number;
  pieces?: number;
}

/** One row of the results table. */
interface Row {
  id: string;
  what: string;
  native?: number;
  wasm: number;
  cpuRatio?: number;
  bar?: { max: number; kind: 'ratio' | 'ms' };
  note: string;
}

function repodata(dir: string, suffix: string): string {
  const hit = readdirSync(join(DATA, dir)).find((f) => f.endsWith(suffix));
  if (!hit) throw new Error(`no *${suffix} in ${join(DATA, dir)}`);
  return join(DATA, dir, hit);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const mib = (kib: number) => (kib / 1024).toFixed(0);

function worker(side: 'native' | 'wasm', args: string[], nodeFlags: string[] = [], env: NodeJS.ProcessEnv = process.env): Report {
  const [cmd, cmdArgs] =
    side === 'native'
      ? [PYTHON, [join(ROOT, 'bench', 'native', 'worker.py'), ...args]]
      : [process.execPath, [...nodeFlags, '--import', 'tsx', join(ROOT, 'bench', 'wasm', 'worker.ts'), ...args]];
  const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, env });
  if (r.status !== 0) {
    const why = (r.stderr || r.error?.message || '').split('\n').filter((l) => l.length < 500).slice(-6).join('\n');
    throw new Error(`${side} worker ${args.join(' ')} failed (${r.status}):\n${why}`);
  }
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as Report;
}

function log(s: string): void {
  process.stderr.write(s + '\n');
}

/** Wall time of a whole command, in ms, median over `reps` runs. */
function wall(cmd: string, args: string[], reps: number): { median: number; all: number[] } {
  const all: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
    all.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  }
  return { median: median(all), all };
}

/** Self time by function of a V8 .cpuprofile, the top `n`, as "name (file) NN%". */
function summarizeProfile(file: string, n = 10): string[] {
  type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
  const prof = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[] };
  const counts = new Map<number, number>();
  for (const s of prof.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
  const byName = new Map<string, number>();
  let total = 0;
  let inWasm = 0;
  for (const node of prof.nodes) {
    const c = counts.get(node.id) ?? 0;
    if (!c) continue;
    total += c;
    const f = node.callFrame;
    if (f.url.startsWith('wasm://')) inWasm += c;
    const where = f.url ? basename(f.url.replace(/^file:\/\//, '')) : '';
    const key = `${f.functionName || '(anonymous)'}${where ? ` (${where})` : ''}`;
    byName.set(key, (byName.get(key) ?? 0) + c);
  }
  const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, n);
  return [
    `${total} samples of the whole worker process (setup included); inside the wasm module: ${((100 * inWasm) / total).toFixed(0)}%`,
    ...top.map(([k, c]) => `${((100 * c) / total).toFixed(1)}%  ${k}`),
  ];
}

function profile(args: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'goose-prof-'));
  try {
    const named = option('--profile-wasm', WASM);
    worker('wasm', args, ['--cpu-prof', `--cpu-prof-dir=${dir}`], named ? { ...process.env, GOOSE_BENCH_WASM: resolve(named) } : process.env);
    const f = readdirSync(dir).find((x) => x.endsWith('.cpuprofile'));
    return f ? summarizeProfile(join(dir, f)) : ['(no profile written)'];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function sh(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  return (r.stdout ?? '').trim();
}

// ---------------------------------------------------------------------------------------------

const APPSTREAM = repodata('centos-stream-9/appstream/repodata', '-primary.xml.gz');
const BASEOS = repodata('centos-stream-9/baseos-2022/repodata', '-primary.xml.gz');
const BASEOS_FL = repodata('centos-stream-9/baseos-2022/repodata', '-filelists.xml.gz');
const BOOKWORM = join(DATA, 'bookworm-rpmmd', 'binary', 'repodata', 'primary.xml.gz');
const rel = (p: string) => relative(ROOT, p);

const started = new Date();
const loadBefore = loadavg();
const rows: Row[] = [];
const details: string[] = [];
const profiles: string[] = [];

/** Reports of several processes as one: every repetition, the first of each process, the highest RSS. */
function merge(rs: Report[]): Report {
  const cat = (f: (r: Report) => number[] | undefined) => rs.flatMap((r) => f(r) ?? []);
  return {
    ...rs[0],
    times: cat((r) => r.times),
    cpu: cat((r) => r.cpu),
    first: rs.map((r) => r.times[0]),
    gunzipMs: rs[0].gunzipMs ? cat((r) => r.gunzipMs) : undefined,
    rssBaseKiB: Math.max(...rs.map((r) => r.rssBaseKiB)),
    rssPeakKiB: Math.max(...rs.map((r) => r.rssPeakKiB)),
    wasmHeapBytes: rs[0].wasmHeapBytes === undefined ? undefined : Math.max(...rs.map((r) => r.wasmHeapBytes ?? 0)),
  };
}

/** Runs a case on both sides, ROUNDS processes each, alternating which side goes first. */
function both(args: (side: 'native' | 'wasm') => string[]): { n: Report; w: Report } {
  const ns: Report[] = [];
  const ws: Report[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2 === 0) {
      ns.push(worker('native', args('native')));
      ws.push(worker('wasm', args('wasm'), [], wasmEnv));
    } else {
      ws.push(worker('wasm', args('wasm'), [], wasmEnv));
      ns.push(worker('native', args('native')));
    }
  }
  return { n: merge(ns), w: merge(ws) };
}

function pair(id: string, what: string, args: string[] | ((side: 'native' | 'wasm') => string[]), bar: Row['bar'], note: (n: Report, w: Report) => string): { n: Report; w: Report } | undefined {
  if (!want(id)) return undefined;
  log(`${id}: ${what} ...`);
  const argsFor = typeof args === 'function' ? args : () => args;
  const { n, w } = both(argsFor);
  const cpuRatio = n.cpu?.length && w.cpu?.length ? median(w.cpu) / median(n.cpu) : undefined;
  rows.push({ id, what, native: median(n.times), wasm: median(w.times), cpuRatio, bar, note: note(n, w) });
  details.push(
    `- **${id}** native wall (ms): ${n.times.map(ms).join(', ')}; CPU median ${ms(median(n.cpu ?? [0]))} ms; peak RSS ${mib(n.rssPeakKiB)} MiB (${mib(n.rssBaseKiB)} MiB before the work)`,
    `- **${id}** wasm wall (ms): ${w.times.map(ms).join(', ')}; CPU median ${ms(median(w.cpu ?? [0]))} ms; peak RSS ${mib(w.rssPeakKiB)} MiB (${mib(w.rssBaseKiB)} MiB before the work)` +
      (w.wasmHeapBytes ? `, wasm heap ${mib(w.wasmHeapBytes / 1024)} MiB at the end` : '') +
      (w.gunzipMs?.some((x) => x > 0) ? `; of which node:zlib gunzip (ms): ${w.gunzipMs.map(ms).join(', ')}` : ''),
  );
  if (flag('--profile') || (bar && median(w.times) / median(n.times) > bar.max)) {
    log(`${id}: profiling the wasm side`);
    profiles.push(`### ${id}: ${what}`, '', '```', ...profile(argsFor('wasm')), '```', '');
  }
  return { n, w };
}

// dist/ first: the library path of (a) and (d-cold) runs compiled code (worker threads need it).
let built = true;
if (!flag('--no-build')) {
  log('npm run build ...');
  const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  built = b.status === 0;
  if (!built) details.push(`- **c** \`npm run build\` failed, so the --version row uses whatever dist/ holds: ${(b.stdout + b.stderr).trim().split('\n').slice(-3).join(' / ')}`);
}

// (a) parse + createwhatprovides of AppStream primary: the library's path, and libsolv's reader alone
pair('a', 'AppStream primary.xml.gz: read, gunzip, parse, createwhatprovides (17,649 packages), as openRepos does it: pieces on every core', (side) => [side === 'native' ? 'parse' : 'load-primary', APPSTREAM, String(REPS), '1'], { max: 1.3, kind: 'ratio' }, (n, w) =>
  `${n.count} / ${w.count} solvables, ${w.pieces} pieces; first run of each process (cold JIT): wasm ${ms(median(w.first ?? []))} ms, native ${ms(median(n.first ?? []))} ms`,
);
pair('a-1t', 'same, one thread: Repo.addRpmmd of the compressed bytes (libsolv\'s reader alone)', ['parse', APPSTREAM, String(REPS), '1'], undefined, (n, w) =>
  `${n.count} / ${w.count} solvables; first run of each process (cold JIT): wasm ${ms(median(w.first ?? []))} ms, native ${ms(median(n.first ?? []))} ms`,
);

// (b) every BaseOS package's install job, one reused solver; bar 1.2× is issue 13's (1.5× was the first round's)
pair('b', 'BaseOS: install job of each x86_64/noarch package, one reused solver', ['solve', BASEOS, BASEOS_FL, String(REPS), '0'], { max: 1.2, kind: 'ratio' }, (n, w) =>
  `${w.jobs} jobs, ${n.problems} / ${w.problems} with problems`,
);
pair('b+order', 'same, plus transaction(), order() and the ordered steps', ['solve', BASEOS, BASEOS_FL, String(REPS), '1'], undefined, (n, w) =>
  `${n.steps} / ${w.steps} steps`,
);

// (c) cold start
if (!want('c')) {
  // not asked for
} else if (existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
  log('c: goose-deps --version ...');
  const version = wall(process.execPath, ['bin/goose-deps.js', '--version'], 10);
  const floor = wall(process.execPath, ['-e', '0'], 10);
  rows.push({ id: 'c', what: '`node bin/goose-deps.js --version`, wall time', wasm: version.median, bar: { max: 500, kind: 'ms' }, note: `\`node -e 0\` alone: ${ms(floor.median)} ms` });
  details.push(`- **c** --version wall (ms): ${version.all.map(ms).join(', ')}; \`node -e 0\`: ${floor.all.map(ms).join(', ')}`);
} else {
  details.push('- **c** dist/cli/main.js is missing (build first): no --version figure');
}
if (want('c-init')) {
log('c: instantiation ...');
const inst = { native: [] as number[], wasm: [] as number[] };
for (let i = 0; i < 10; i++) {
  inst.native.push(worker('native', ['instantiate']).times[0]);
  inst.wasm.push(worker('wasm', ['instantiate']).times[0]);
}
rows.push({
  id: 'c-init',
  what: 'module instantiation: wasm `libsolv()` loader; native `import solv` + first Pool',
  native: median(inst.native),
  wasm: median(inst.wasm),
  bar: { max: 100, kind: 'ms' },
  note: 'fresh process each, 10 runs',
});
details.push(`- **c-init** native (ms): ${inst.native.map(ms).join(', ')}`, `- **c-init** wasm (ms): ${inst.wasm.map(ms).join(', ')}`);
}

// (d) bookworm-derived binary repo: cold parse and .solv load, with peak RSS
const tmp = mkdtempSync(join(tmpdir(), 'goose-bench-'));
try {
  const wantSolv = ['d-solv', 'd-cache', 'd-rss'].some(want);
  const nSolv = join(tmp, 'native.solv');
  const wSolv = join(tmp, 'wasm.solv');
  if (wantSolv) {
  log('d: writing .solv files ...');
  const nw = worker('native', ['write-solv', BOOKWORM, nSolv]);
  const ww = worker('wasm', ['write-solv', BOOKWORM, wSolv], [], wasmEnv);
  const digest = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
  const same = digest(nSolv) === digest(wSolv);
  details.push(
    `- **d** .solv written: native ${readFileSync(nSolv).length} bytes, wasm ${readFileSync(wSolv).length} bytes, ` +
      (same ? 'byte-identical' : 'different bytes') + ` (${nw.count} / ${ww.count} solvables)`,
  );
  }
  const reps = String(REPS);
  const cold = pair('d-cold', 'bookworm binary primary.xml.gz (63k packages): read, gunzip, parse, as openRepos does it: pieces on every core', (side) => [side === 'native' ? 'parse' : 'load-primary', BOOKWORM, reps, '0'], { max: 1.3, kind: 'ratio' }, (n, w) =>
    `${n.count} / ${w.count} solvables, ${w.pieces} pieces`,
  );
  pair('d-cold-1t', 'same, one thread: Repo.addRpmmd of the compressed bytes', ['parse', BOOKWORM, reps, '0'], undefined, (n, w) =>
    `${n.count} / ${w.count} solvables`,
  );
  const solv = pair('d-solv', 'same repo from its .solv (Repo.writeSolv / repo.write)', (side) => ['load-solv', side === 'native' ? nSolv : wSolv, reps], undefined, (n, w) =>
    `${n.count} / ${w.count} solvables`,
  );
  const wParts = join(tmp, 'wasm.parts');
  const wp = want('d-cache') ? worker('wasm', ['write-parts', BOOKWORM, wParts]) : { pieces: 0 };
  pair('d-cache', `same repo from goose-deps' cache: the ${wp.pieces} .solv parts openRepos writes (native: its .solv)`, (side) => (side === 'native' ? ['load-solv', nSolv, reps] : ['load-parts', wParts, reps]), undefined, (n, w) =>
    `${n.count} / ${w.count} solvables` + (cold ? `; ${(median(w.times) / median(cold.w.times)).toFixed(3)}× of the cold load (d-cold; bar ≤ 0.1×)` : ''),
  );
  if (cold && solv && want('d-rss')) {
  const { n, w } = solv;
  rows.push({
    id: 'd-rss',
    what: 'peak RSS, MiB: cold parse / from .solv',
    native: cold.n.rssPeakKiB / 1024,
    wasm: cold.w.rssPeakKiB / 1024,
    note: `from .solv: native ${mib(n.rssPeakKiB)}, wasm ${mib(w.rssPeakKiB)} MiB; before the work: native ${mib(cold.n.rssBaseKiB)}, wasm ${mib(cold.w.rssBaseKiB)} MiB`,
  });
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------

const loadAfter = loadavg();
const verdict = (r: Row): string => {
  if (!r.bar) return '';
  const v = r.bar.kind === 'ratio' ? (r.native ? r.wasm / r.native : NaN) : r.wasm;
  const ok = v <= r.bar.max;
  const limit = r.bar.kind === 'ratio' ? `≤ ${r.bar.max}×` : `< ${r.bar.max} ms`;
  return `${limit}: ${ok ? 'met' : `**missed** by ${r.bar.kind === 'ratio' ? `${((v / r.bar.max - 1) * 100).toFixed(0)}%` : `${ms(v - r.bar.max)} ms`}`}`;
};
const unit = (r: Row) => (r.id === 'd-rss' ? ' MiB' : ' ms');
const table = [
  '| case | what | native | wasm | wasm / native | CPU time wasm / native | bar (on wall time) | notes |',
  '|---|---|---:|---:|---:|---:|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.id} | ${r.what} | ${r.native === undefined ? '–' : ms(r.native) + unit(r)} | ${ms(r.wasm)}${unit(r)} | ` +
      `${r.native ? (r.wasm / r.native).toFixed(2) + '×' : '–'} | ${r.cpuRatio ? r.cpuRatio.toFixed(2) + '×' : '–'} | ${verdict(r)} | ${r.note} |`,
  ),
];
const command = `npm run bench${argv.length ? ' -- ' + argv.join(' ') : ''}`;
const md = [
  '# Benchmark: wasm libsolv (goose-deps) against native libsolv (python3-solv)',
  '',
  `Written by \`${command}\` (bench/run.ts) on ${started.toISOString()}, commit ${sh('git', ['rev-parse', '--short', 'HEAD'])}` +
    `${sh('git', ['status', '--porcelain', '--untracked-files=no']) ? ' plus uncommitted changes in the tree' : ''}.` +
    (WASM ? ` The wasm side ran ${WASM}, not wasm/dist, where it loads the module from src/.` : ''),
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; ` +
    `${sh(PYTHON, ['--version'])}, python3-solv ${sh('dpkg-query', ['-W', '-f=${Version}', 'python3-solv']) || '?'}. ` +
    `Load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')} before, ${loadAfter.map((x) => x.toFixed(2)).join(' ')} after: ` +
    'other work may have been running on this shared machine, so treat small differences as noise.',
  '',
  `Medians over ${REPS} repetitions in each of ${ROUNDS} processes per side, the sides alternating process by process; each side times itself, ` +
    'so interpreter start-up and code loading are outside the timed regions. Both sides read the same files: ' +
    'native through `solv.xfopen` (libsolv\'s zlib, one thread: libsolv has no other way). The wasm side of ' +
    '**a** and **d-cold** takes the path openRepos takes: `primaryToSolvParts` (read, gunzip with node:zlib into one buffer of the trailer\'s size, ' +
    'cut the XML at `<package>` boundaries into pieces by size, parse each piece into .solv, one in this thread ' +
    'and the others in worker threads started before decompression) and the parts loaded in order into one repo; ' +
    'its CPU time column counts every thread of the process, the workers included. **a-1t** and **d-cold-1t** time ' +
    'libsolv\'s reader alone in one thread (`Repo.addRpmmd` of the compressed bytes, zlib compiled into the module). ' +
    'decompression included in the timed region on both sides.',
  '',
  ...table,
  '',
  '## Runs',
  '',
  ...details,
  '',
  ...(profiles.length ? ['## Where the wasm side spends its time (node --cpu-prof, self time)', '', ...profiles] : []),
];
if (OUT) {
  writeSection(OUT, 'libsolv', md.join('\n').replace(/^# /, '## '));
  log(`wrote ${rel(OUT)}`);
}
process.stdout.write(table.join('\n') + '\n');
