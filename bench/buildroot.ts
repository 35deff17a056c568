/**
 * `goose-deps buildroot` on the bookworm-derived dataset (63k binaries, 34k sources, build group
 * `buildroot.txt`): closure, minimisation and the proof (--verify) in one run, timed; then the
 * plain closure (--no-reuse --no-minimize) for comparison; then the independent native check
 * (bench/native/buildroot_check.py, python3-solv): self-hosting, no source removable, naive sizes.
 * The bar: closure + minimisation + proof in at most 30 s on the 2-core machine.
 *
 * Run: `npm run build && npx tsx bench/buildroot.ts [--no-native]`. The CLI runs from dist/ (worker
 * threads need compiled JavaScript) with a warm .solv cache in bench/out/cache (a first run fills
 * it; its time is reported too). Writes its section of bench/RESULTS.md and the JSON outputs to
 * bench/out/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSection } from './lib/results.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = process.env.GOOSE_SHARED_DATA ?? resolve(ROOT, '..', 'shared', 'data');
const BW = join(DATA, 'bookworm-rpmmd');
const OUT = join(ROOT, 'bench', 'out');
const native = !process.argv.includes('--no-native');
if (!existsSync(join(BW, 'buildroot.txt'))) {
  console.error(`bench/buildroot: ${BW} not found`);
  process.exit(1);
}
if (!existsSync(join(ROOT, 'dist', 'cli', 'buildroot.js'))) {
  console.error('bench/buildroot: run `npm run build` first');
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });
const env = { ...process.env, XDG_CACHE_HOME: join(OUT, 'cache') };
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

interface Run {
  wall: number;
  user: number;
  sys: number;
  file: string;
  status: number | null;
}

/** Runs the CLI under /usr/bin/time (wall and CPU of the whole process, worker threads included). */
function goose(args: string[], file: string): Run {
  const timeFile = join(OUT, 'time.txt');
  const cmd = ['-f', '%e %U %S', '-o', timeFile, 'node', join(ROOT, 'bin/goose-deps.js'), 'buildroot', '--repo', join(BW, 'binary'), '--srcrepo', join(BW, 'source'), '--group', `@${join(BW, 'buildroot.txt')}`, '--json', ...args];
  const r = spawnSync('/usr/bin/time', cmd, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`goose-deps buildroot failed (${r.status}): ${r.stderr}`);
  writeFileSync(file, r.stdout);
  const [wall, user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wall, user, sys, file, status: r.status };
}

interface Result {
  selfHosting: boolean;
  sizes: { closure: { sources: number; binaries: number }; minimal: { sources: number; binaries: number } };
  removed: string[];
  minimize?: { trials: number; quickRejects: number; solves: number };
  rounds: { level: number; sources: number; reused: number; binaries: number }[];
  verify?: { ok: boolean; checked: number; failures: unknown[] };
  timings: { start: number; closure: number; minimize: number; reasons: number; verify: number; total: number };
  sources: { name: string; level: number }[];
}
const read = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as Result;

const loadBefore = load();
console.error('goose-deps buildroot --verify (cold .solv cache) ...');
const cold = goose(['--verify', '--no-cache'], join(OUT, 'buildroot-bookworm-cold.json'));
console.error(`  ${cold.wall} s`);
console.error('goose-deps buildroot --verify (warm cache) ...');
goose(['--verify', '--summary'], join(OUT, 'warmup.json')); // fills the cache
const main = goose(['--verify'], join(OUT, 'buildroot-bookworm.json'));
const r = read(main.file);
console.error(`  ${main.wall} s: ${r.sizes.minimal.sources} sources, ${r.sizes.minimal.binaries} binaries, self-hosting ${r.selfHosting}`);
console.error('goose-deps buildroot --no-reuse --no-minimize (plain closure) ...');
const plainRun = goose(['--no-reuse', '--no-minimize'], join(OUT, 'buildroot-bookworm-plain.json'));
const plain = read(plainRun.file);
const loadAfter = load();

let check: {
  load: number;
  selfHosting: { ok: boolean; checked: number; seconds: number; failures: unknown[] };
  minimal: { ok: boolean; removableCount: number; removable: string[]; solves: number; seconds: number };
  naive: { level0Sources: number; oneGo: { binaries?: number; sources?: number; problems?: string[] }; level0WholeSources: { binaries: number }; resultWholeSources: { binaries: number } };
} | undefined;
let nativeWall = 0;
if (native) {
  console.error('native check (python3-solv) ...');
  const primary = (dir: string) => join(dir, 'repodata', readdirSync(join(dir, 'repodata')).find((f) => f.endsWith('primary.xml.gz'))!);
  const t = process.hrtime.bigint();
  const n = spawnSync('/usr/bin/python3', [join(ROOT, 'bench/native/buildroot_check.py'), primary(join(BW, 'binary')), primary(join(BW, 'source')), join(BW, 'buildroot.txt'), main.file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  nativeWall = Number(process.hrtime.bigint() - t) / 1e9;
  if (n.status !== 0) throw new Error(`native check failed: ${n.stderr}`);
  check = JSON.parse(n.stdout);
  writeFileSync(join(OUT, 'buildroot-bookworm-native.json'), n.stdout);
  console.error(`  self-hosting ${check!.selfHosting.ok}, minimal ${check!.minimal.ok} (${nativeWall.toFixed(0)} s)`);
}

const s = (x: number) => `${x.toFixed(1)} s`;
const t = r.timings;
const bar = t.closure + t.minimize + t.verify;
const lines = [
  '## Benchmark: `goose-deps buildroot` on bookworm-rpmmd (closure, minimisation, proof)',
  '',
  `Written by \`npx tsx bench/buildroot.ts\` on ${new Date().toISOString()}. Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; node ${process.version}. Load average ${loadBefore} before, ${loadAfter} after (a shared machine: other work was running).`,
  '',
  `Build group \`buildroot.txt\` (${readFileSync(join(BW, 'buildroot.txt'), 'utf8').trim().split('\n').length} names); 63,440 binaries, 34,278 sources. Weak dependencies off.`,
  '',
  '| | sources | binaries |',
  '|---|---:|---:|',
  `| plain closure (\`--no-reuse --no-minimize\`: each buildroot solved against every binary, no preference) | ${plain.sizes.minimal.sources} | ${plain.sizes.minimal.binaries} |`,
  `| closure reusing the set (inside its binaries first, then favoured) | ${r.sizes.closure.sources} | ${r.sizes.closure.binaries} |`,
  `| **minimal** (after removal; ${r.removed.length} dropped: ${r.removed.join(' ')}) | **${r.sizes.minimal.sources}** | **${r.sizes.minimal.binaries}** |`,
  ...(check
    ? [
        `| naive: every binary of the minimal set's sources (whole source packages) | ${r.sizes.minimal.sources} | ${check.naive.resultWholeSources.binaries} |`,
        `| naive: group closure + all BuildRequires of its ${check.naive.level0Sources} sources in one transaction | ${check.naive.oneGo.problems ? `not installable (${check.naive.oneGo.problems.length}+ conflicts, e.g. ${check.naive.oneGo.problems[0]})` : `${check.naive.oneGo.sources} | ${check.naive.oneGo.binaries}`} ${check.naive.oneGo.problems ? '| |' : '|'}`,
      ]
    : []),
  '',
  `Time (the tool's own step timings, warm .solv cache; wall clock): start workers ${s(t.start)}, closure ${s(t.closure)} (${r.rounds.length} rounds), minimisation ${s(t.minimize)} (${r.minimize?.trials} attempts, ${r.minimize?.quickRejects} refused without a solve, ${r.minimize?.solves} solves), reasons ${s(t.reasons)}, proof ${s(t.verify)} (${r.verify?.checked} buildroots, ${r.verify?.ok ? 'all install' : 'FAILED'}).`,
  `**Closure + minimisation + proof: ${s(bar)}** (bar ≤ 30 s: ${bar <= 30 ? 'met' : `**missed** by ${s(bar - 30)}`}). Whole process: ${s(main.wall)} wall, ${s(main.user + main.sys)} CPU (both cores' threads); with a cold cache (XML parsed) ${s(cold.wall)} wall. Plain closure run: ${s(plainRun.wall)} wall.`,
  '',
  ...(check
    ? [
        `Native check (python3-solv 0.7.23, bench/native/buildroot_check.py, its own repo reading and sourcerpm mapping; ${nativeWall.toFixed(0)} s): self-hosting **${check.selfHosting.ok ? 'confirmed' : 'NOT confirmed'}** (${check.selfHosting.checked} buildroots incl. the group, ${s(check.selfHosting.seconds)}); minimal **${check.minimal.ok ? 'confirmed' : 'NOT confirmed'}**: for each of the ${r.sizes.minimal.sources} sources, with only the other sources' binaries considered, the group or some buildroot fails (${check.minimal.solves} solves, ${s(check.minimal.seconds)}; removable: ${check.minimal.removableCount}).`,
      ]
    : ['Native check skipped (--no-native).']),
  '',
  'Rounds of the closure (level: sources resolved, of which inside the set\'s binaries; binaries after):',
  '',
  r.rounds.map((x) => `${x.level}: ${x.sources} (${x.reused}), ${x.binaries}`).join('; '),
];
writeSection(join(ROOT, 'bench', 'RESULTS.md'), 'buildroot', lines.join('\n'));
console.log(lines.join('\n'));
