/**
 * `goose-deps plan` on the bookworm-derived dataset (34k sources, 63k binaries) beside
 * `goose-deps order` on the same data, then the plan checked by the independent native computation
 * (bench/native/plan_check.py: python3-solv solves every step's buildroot and derives each binary's
 * provenance from the steps of earlier waves). Bars: plan at most 1.5x order's time; clean under
 * --clean strict with every rebuild needed; glibc's first build before gcc-12's and ncurses before
 * readline before bash, in plan and in order.
 *
 * Run: `npm run build && npx tsx bench/plan.ts` (minutes of both cores). Writes its section of
 * bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSection } from './lib/results.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = process.env.GOOSE_SHARED_DATA ?? resolve(ROOT, '..', 'shared', 'data');
const BW = join(DATA, 'bookworm-rpmmd');
const OUT = join(ROOT, 'bench', 'out');
mkdirSync(OUT, { recursive: true });
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const loadBefore = load();

/** Runs a goose-deps command with a cold .solv cache, its stdout into `file`; returns the wall time. */
function goose(args: string[], file: string): number {
  const cache = join(OUT, 'cache');
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  const fd = openSync(file, 'w');
  const t = process.hrtime.bigint();
  const r = spawnSync('node', [join(ROOT, 'bin/goose-deps.js'), ...args, '--repo', join(BW, 'binary'), '--srcrepo', join(BW, 'source'), '--group', `@${join(BW, 'buildroot.txt')}`], { cwd: ROOT, env: { ...process.env, XDG_CACHE_HOME: cache }, stdio: ['ignore', fd, 'inherit'] });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  closeSync(fd);
  if (r.status !== 0 && r.status !== 1) throw new Error(`goose-deps ${args.join(' ')} failed (${r.status})`);
  return seconds;
}

console.error('goose-deps order ...');
const orderFile = join(OUT, 'order.json');
const orderSeconds = goose(['order', '--json'], orderFile);
const order = JSON.parse(readFileSync(orderFile, 'utf8')) as { waves: string[][]; phaseOneWaves: number };
console.error(`order: ${orderSeconds.toFixed(1)} s`);

console.error('goose-deps plan ...');
const planFile = join(OUT, 'plan.json');
const planSeconds = goose(['plan', '--json'], planFile);
const plan = JSON.parse(readFileSync(planFile, 'utf8')) as {
  steps: { source: string; wave: number; pass: number }[];
  summary: { sources: number; builds: number; rebuilds: number; bootstrapBuilds: number; waves: number; unresolvable: number; foreign: number; isClean: boolean; cycles: { exact: number; heuristic: number }; rebuildsNeeded: { checked: number; unneeded: string[] } };
};
console.error(`plan: ${planSeconds.toFixed(1)} s`);

console.error('native check ...');
const t = process.hrtime.bigint();
const native = spawnSync('/usr/bin/python3', [join(ROOT, 'bench/native/plan_check.py'), join(BW, 'binary'), join(BW, 'source'), planFile], { cwd: join(ROOT, 'bench/native'), encoding: 'utf8', maxBuffer: 1 << 28 });
const nativeSeconds = Number(process.hrtime.bigint() - t) / 1e9;
if (native.status !== 0) throw new Error(`plan_check.py failed: ${native.stderr}`);
type Check = { ok: boolean } & Record<string, unknown>;
const check = JSON.parse(native.stdout) as Record<'buildroots' | 'coverage' | 'clean' | 'needed' | 'agree', Check> & { steps: number; solves: number };
console.error(`native: ${nativeSeconds.toFixed(1)} s`);

const orderWave = (name: string) => order.waves.findIndex((w) => w.includes(name)) + 1;
const planWave = (name: string) => plan.steps.find((s) => s.source === name && s.pass === 1)?.wave ?? 0;
const toolchain = ['glibc', 'gcc-12', 'binutils', 'gmp', 'mpfr4', 'mpclib3', 'ncurses', 'readline', 'bash'];
const before = (wave: (n: string) => number) => wave('glibc') < wave('gcc-12') && wave('ncurses') < wave('readline') && wave('readline') < wave('bash');
const ratio = planSeconds / orderSeconds;
const s = plan.summary;
const ok = (c: Check) => (c.ok ? 'yes' : `**no** (${JSON.stringify(c).slice(0, 200)})`);
const body = `## goose-deps plan beside goose-deps order (bookworm-derived, ${s.sources} sources planned)

Written by \`npx tsx bench/plan.ts\` on ${new Date().toISOString()}; machine: ${cpus().length} cores; load average before: ${loadBefore}, after: ${load()} (other work may have been running). Both commands run from a cold \`.solv\` cache, one after the other.

| | wall time | notes |
|---|---:|---|
| goose-deps order --json | ${orderSeconds.toFixed(1)} s | ${order.waves.length} waves (${order.phaseOneWaves} for the build group's own sources) |
| goose-deps plan --json (--clean strict) | ${planSeconds.toFixed(1)} s | ${s.builds} builds: ${s.sources} first builds + ${s.rebuilds} rebuilds (${s.bootstrapBuilds} bootstrap builds) in ${s.waves} waves; ${s.unresolvable} unresolvable, ${s.foreign} foreign binaries; cycles: ${s.cycles.exact} sources chosen exactly, ${s.cycles.heuristic} by the heuristic |
| ratio plan / order | **${ratio.toFixed(2)}×** | bar: ≤ 1.5× — ${ratio <= 1.5 ? 'met' : 'missed'} |
| native check (bench/native/plan_check.py, python3-solv) | ${nativeSeconds.toFixed(1)} s | ${check.steps} steps, ${check.solves} buildroots solved |

Native check: every buildroot installs: ${ok(check.buildroots)}; every source planned, built or unresolvable: ${ok(check.coverage)}; clean under --clean strict: ${ok(check.clean)}; every rebuild needed: ${ok(check.needed)} (${(check.needed as Check & { checked: number }).checked} checked); each step's upstream as the plan states it: ${ok(check.agree)}. The plan's own check: clean ${s.isClean ? 'yes' : 'no'}, ${s.rebuildsNeeded.checked} rebuilds checked, ${s.rebuildsNeeded.unneeded.length} unneeded.

First build waves of the toolchain (order: the wave; plan: the wave of the first build):

| | ${toolchain.join(' | ')} | glibc < gcc-12, ncurses < readline < bash |
|---|${toolchain.map(() => '---:').join('|')}|---|
| order | ${toolchain.map(orderWave).join(' | ')} | ${before(orderWave) ? 'yes' : '**no**'} |
| plan | ${toolchain.map(planWave).join(' | ')} | ${before(planWave) ? 'yes' : '**no**'} |
`;
writeSection(join(ROOT, 'bench', 'RESULTS.md'), 'plan', body);
console.log(body);
