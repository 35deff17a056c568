/**
 * Does a cached repo load faster from one whole-repo .solv than from the cold load's parts?
 * (session 8: the lead's hypothesis that the second part, merged into a repo already holding the
 * first, costs ~3x the first, and that one .solv per cached repo would save >= 40 ms.)
 *
 * On a cached CentOS Stream 9 AppStream, side by side in one run:
 * - **load**: fresh node processes that load the cache as goose-deps does (`addSolvFile` per part)
 *   or one .solv of the whole repo (`writeSolv` of the merged repo), timed around each load call,
 *   then load it again into a new pool of the same process (the module's code warm); native
 *   libsolv (python3-solv `add_solv`) loads the same bytes in the same rounds;
 * - **query**: `goose-deps query python3.11` with either cache form against `dnf -C repoquery`.
 *
 * Run: `npm run build && npx tsx bench/solv-parts.ts [--rounds N]`. Replaces the "solv-parts"
 * section of bench/RESULTS.md. Every answer is checked against dnf's before timing.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeSection } from './lib/results.js';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = resolve(process.env.GOOSE_SHARED_DATA ?? join(ROOT, '..', 'shared', 'data'));
const argv = process.argv.slice(2);
const ROUNDS = argv.includes('--rounds') ? Number(argv[argv.indexOf('--rounds') + 1]) : 10;
const APPSTREAM = join(DATA, 'centos-stream-9', 'appstream');
const work = mkdtempSync(join(tmpdir(), 'goose-solv-parts-'));
const DNF = ['-q', '--repofrompath=as,' + APPSTREAM, '--repo=as', `--setopt=cachedir=${join(work, 'dnf-cache')}`, '--releasever=9', '--setopt=module_platform_id=platform:el9', '--setopt=reposdir=/dev/null'];
const GOOSE = [process.execPath, join(ROOT, 'bin', 'goose-deps.js'), 'query', '--repo', APPSTREAM, 'python3.11'];
const cacheOf = (form: string) => join(work, form);
const solvDir = (form: string) => join(cacheOf(form), 'goose-deps', 'solv');
const env = (form: string) => ({ ...process.env, XDG_CACHE_HOME: cacheOf(form) });

function run(args: string[], e: NodeJS.ProcessEnv = process.env): { wall: number; cpu: number; stdout: string } {
  const timeFile = join(work, 'time');
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, ...args], { encoding: 'utf8', env: e, maxBuffer: 64 << 20 });
  const wall = performance.now() - t;
  if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  const [u, s] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { wall, cpu: (u + s) * 1000, stdout: r.stdout };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[(s.length >> 1) - 1] + s[s.length >> 1]) / 2;
};

// Both caches: the parts file goose-deps writes, and a copy whose .solv is one part, the merged
// repo written whole (the same packing with a count of 1, so goose-deps reads it unchanged).
run(GOOSE, env('parts'));
cpSync(cacheOf('parts'), cacheOf('whole'), { recursive: true });
const solvName = readdirSync(solvDir('parts')).find((f) => f.endsWith('.solv'))!;
const partsFile = join(solvDir('parts'), solvName);
const { libsolv } = await import('../src/native/index.js');
const { Pool } = await import('../src/solv/index.js');
const { packSolvParts, solvPartRanges } = await import('../src/repodata/primary-parts.js');
await libsolv();
const packed = readFileSync(partsFile);
const ranges = solvPartRanges(packed, packed.length)!;
const pool = new Pool({ arch: 'x86_64' });
const merged = pool.addRepo('as');
for (const r of ranges) merged.addSolvFile(partsFile, r.offset);
const whole = merged.writeSolv();
pool.free();
writeFileSync(join(solvDir('whole'), solvName), packSolvParts([whole]));
// The native side reads plain .solv files: each part, and the whole repo.
const partFiles = ranges.map((r, k) => {
  const f = join(work, `part${k}.solv`);
  writeFileSync(f, packed.subarray(r.offset, r.offset + r.length));
  return f;
});
const wholeFile = join(work, 'whole.solv');
writeFileSync(wholeFile, whole);

// A fresh process loads `form` twice (a new pool each time) and prints each load call's ms.
const LOAD = `
const [{ libsolv }, { Pool }, { solvPartRanges }, { readFileSync, statSync }] = await Promise.all([import('${ROOT}/dist/native/index.js'), import('${ROOT}/dist/solv/index.js'), import('${ROOT}/dist/repodata/primary-parts.js'), import('node:fs')]);
await libsolv();
const file = process.argv[1], head = readFileSync(file).subarray(0, 1024);
const ranges = solvPartRanges(head, statSync(file).size);
const out = [];
for (let k = 0; k < 2; k++) {
  const pool = new Pool({ arch: 'x86_64' }), repo = pool.addRepo('as'), t = [];
  for (const r of ranges) { const a = performance.now(); repo.addSolvFile(file, r.offset); t.push(performance.now() - a); }
  out.push(t); pool.free();
}
console.log(JSON.stringify(out));`;
const NATIVE = `
import solv, sys, time, json
out = []
for k in range(2):
    pool = solv.Pool(); pool.setarch("x86_64"); repo = pool.add_repo("as"); t = []
    for f in sys.argv[1:]:
        a = time.perf_counter(); fp = solv.xfopen(f); repo.add_solv(fp); fp.close(); t.append((time.perf_counter() - a) * 1000)
    out.append(t)
print(json.dumps(out))`;

interface Side { label: string; args: string[]; e?: NodeJS.ProcessEnv; loads?: boolean; expect?: string }
const sides: Side[] = [
  { label: 'goose-deps load: parts', args: [process.execPath, '--input-type=module', '-e', LOAD, partsFile], loads: true },
  { label: 'goose-deps load: whole', args: [process.execPath, '--input-type=module', '-e', LOAD, join(solvDir('whole'), solvName)], loads: true },
  { label: 'native load: parts', args: ['/usr/bin/python3', '-c', NATIVE, ...partFiles], loads: true },
  { label: 'native load: whole', args: ['/usr/bin/python3', '-c', NATIVE, wholeFile], loads: true },
];
run(['dnf', ...DNF, 'repoquery', 'python3.11']);
const expected = run(['dnf', '-C', ...DNF, 'repoquery', 'python3.11']).stdout;
sides.push({ label: 'dnf -C repoquery python3.11', args: ['dnf', '-C', ...DNF, 'repoquery', 'python3.11'], expect: expected });
for (const form of ['parts', 'whole']) sides.push({ label: `goose-deps query python3.11, cache: ${form}`, args: GOOSE, e: env(form), expect: expected });

const loadBefore = loadavg().map((x) => x.toFixed(2)).join(' ');
const times = new Map(sides.map((s) => [s.label, { wall: [] as number[], cpu: [] as number[], first: [] as number[][], again: [] as number[][] }]));
for (let i = 0; i < ROUNDS; i++) {
  for (const s of sides) {
    const r = run(s.args, s.e);
    if (s.expect !== undefined && r.stdout !== s.expect) throw new Error(`${s.label} differs from dnf:\n${r.stdout}\n---\n${s.expect}`);
    const t = times.get(s.label)!;
    t.wall.push(r.wall);
    t.cpu.push(r.cpu);
    if (s.loads) {
      const [first, again] = JSON.parse(r.stdout) as number[][];
      t.first.push(first);
      t.again.push(again);
    }
  }
  process.stderr.write(`round ${i + 1}/${ROUNDS}\n`);
}

const perCall = (xs: number[][]) => xs[0].map((_, k) => median(xs.map((x) => x[k])).toFixed(0)).join(' + ');
const total = (xs: number[][]) => median(xs.map((x) => x.reduce((a, b) => a + b, 0))).toFixed(0);
const md: string[] = ['## One .solv per cached repo, or the cold load\'s parts? (bench/solv-parts.ts)', ''];
md.push(`Written by \`npx tsx bench/solv-parts.ts --rounds ${ROUNDS}\` on ${new Date().toISOString()}; ${cpus().length} cores, node ${process.version}. Medians of ${ROUNDS} rounds, each side once per round, in turn.`);
md.push(`Cached CentOS Stream 9 AppStream: ${ranges.length} parts (${ranges.map((r) => (r.length / 1e6).toFixed(2)).join(' + ')} MB), or the merged repo written whole (${(whole.length / 1e6).toFixed(2)} MB).`, '');
md.push('### Load calls, timed inside the process (ms; per call, then total)', '');
md.push('| side | first load in a fresh process | again, new pool, same process | whole process wall / CPU |', '|---|---:|---:|---:|');
for (const s of sides.filter((x) => x.loads)) {
  const t = times.get(s.label)!;
  md.push(`| ${s.label} | ${perCall(t.first)} = ${total(t.first)} | ${perCall(t.again)} = ${total(t.again)} | ${median(t.wall).toFixed(0)} / ${median(t.cpu).toFixed(0)} |`);
}
md.push('', '### Whole processes (ms)', '', '| command | wall | CPU | wall / dnf |', '|---|---:|---:|---:|');
const dnfWall = median(times.get('dnf -C repoquery python3.11')!.wall);
for (const s of sides.filter((x) => !x.loads)) {
  const t = times.get(s.label)!;
  md.push(`| \`${s.label}\` | ${median(t.wall).toFixed(0)} | ${median(t.cpu).toFixed(0)} | ${(median(t.wall) / dnfWall).toFixed(2)}× |`);
}
// Round by round, the two cache forms ran one after the other: their paired difference is less
// noisy than the difference of their medians.
const [qp, qw] = ['parts', 'whole'].map((f) => times.get(`goose-deps query python3.11, cache: ${f}`)!);
const paired = (k: 'wall' | 'cpu') => median(qw[k].map((x, i) => x - qp[k][i])).toFixed(0);
md.push('', `Paired by round, \`query\` with the whole .solv minus with the parts: median ${paired('wall')} ms wall, ${paired('cpu')} ms CPU.`);
md.push('', `Load average ${loadBefore} before, ${loadavg().map((x) => x.toFixed(2)).join(' ')} after (2 cores, shared): compare within a table.`);
rmSync(work, { recursive: true, force: true });
const body = md.join('\n');
process.stdout.write(body + '\n');
writeSection(join(ROOT, 'bench', 'RESULTS.md'), 'solv-parts', body);
