/**
 * What a change affects, on the bookworm-derived dataset: `order --affected-by boost1.74` and
 * `rdeps boost1.74` (depth 1 and all levels) timed once the buildroots (and the graph) are stored,
 * against the 3 s bar of issue 13, and their answers compared with an independent native
 * computation (bench/native/affected.py: python3-solv solves every buildroot itself).
 *
 * Run: `npm run build && npx tsx bench/affected.ts [--native FILE]` after bench/store.ts (it uses
 * that bench's cache; an `order` fills it first when empty). FILE: a saved output of affected.py
 * (else it is run, minutes of both cores). Prints its rows; bench/store.ts puts them into its
 * section of bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = process.env.GOOSE_SHARED_DATA ?? resolve(ROOT, '..', 'shared', 'data');
const BW = join(DATA, 'bookworm-rpmmd');
/** The cache folder bench/store.ts fills. */
export const STORE_CACHE = join(ROOT, 'bench', 'out', 'store-cache');
/** The repository flags of every bookworm command. */
export const REPOS = ['--repo', join(BW, 'binary'), '--srcrepo', join(BW, 'source'), '--group', `@${join(BW, 'buildroot.txt')}`];
const SEED = 'boost1.74';

/** One goose-deps run: wall seconds and stdout (exit 0 or 1 expected). */
export function goose(args: string[]): { seconds: number; stdout: string } {
  const t = process.hrtime.bigint();
  const r = spawnSync('node', [join(ROOT, 'bin/goose-deps.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: STORE_CACHE }, maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`goose-deps ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  console.error(`goose-deps ${args.filter((a) => !a.startsWith('/') && !a.startsWith('@')).join(' ')}: ${seconds.toFixed(2)} s`);
  return { seconds, stdout: r.stdout };
}

/** What affected.py prints. */
interface Native {
  build: Record<string, number>;
  install: Record<string, number>;
  unresolvable: string[];
  solves: number;
  seconds: { load: number; solve: number; walk: number };
}

/** Runs affected.py (python3-solv) and times it. */
function runNative(): { native: Native; seconds: number } {
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/python3', ['affected.py', join(BW, 'binary'), join(BW, 'source'), join(BW, 'buildroot.txt'), SEED, '2'], { cwd: join(ROOT, 'bench', 'native'), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`affected.py failed: ${r.stderr}`);
  return { native: JSON.parse(r.stdout) as Native, seconds: Number(process.hrtime.bigint() - t) / 1e9 };
}

/** "equal" or what differs between two name -> level maps. */
function compare(ours: Map<string, number>, theirs: Map<string, number>): string {
  const onlyOurs = [...ours.keys()].filter((n) => !theirs.has(n));
  const onlyTheirs = [...theirs.keys()].filter((n) => !ours.has(n));
  const level = [...ours].filter(([n, l]) => theirs.has(n) && theirs.get(n) !== l);
  if (!onlyOurs.length && !onlyTheirs.length && !level.length) return 'equal';
  const some = (l: string[]) => l.slice(0, 5).join(', ') + (l.length > 5 ? ', ...' : '');
  return [onlyOurs.length && `${onlyOurs.length} only here (${some(onlyOurs)})`, onlyTheirs.length && `${onlyTheirs.length} only native (${some(onlyTheirs)})`, level.length && `${level.length} at another level (${some(level.map(([n]) => n))})`].filter(Boolean).join('; ');
}

const atDepth = (m: Map<string, number>, depth: number) => new Map([...m].filter(([, l]) => l <= depth));

/** The rows of the affected table (markdown) and a line on the native run. */
export function measureAffected(nativeFile?: string): { rows: string; notes: string } {
  if (!existsSync(join(STORE_CACHE, 'goose-deps', 'buildroots'))) goose(['order', ...REPOS, '--format', 'koji']);
  const { native, seconds: nativeSeconds } = nativeFile ? { native: JSON.parse(readFileSync(nativeFile, 'utf8')) as Native, seconds: NaN } : runNative();
  const nBuild = new Map(Object.entries(native.build));
  const nInstall = new Map(Object.entries(native.install));
  const rows: string[] = [];
  const bar = (s: number) => `bar < 3 s — ${s < 3 ? 'met' : 'missed'}`;
  for (const depth of [1, Infinity]) {
    const args = ['order', ...REPOS, '--affected-by', SEED, '--json', ...(depth === 1 ? ['--depth', '1'] : [])];
    const first = goose(args);
    const again = goose(args);
    const j = JSON.parse(first.stdout) as { waves: string[][]; unresolvable: { name: string }[] };
    const names = new Set([...j.waves.flat(), ...j.unresolvable.map((u) => u.name)]);
    const ours = new Map([...names].map((n) => [n, depth] as const));
    const theirs = new Map([...atDepth(nBuild, depth).keys()].map((n) => [n, depth] as const));
    rows.push(`| \`order --affected-by ${SEED} --json${depth === 1 ? ' --depth 1' : ''}\` | ${first.seconds.toFixed(2)} s, again ${again.seconds.toFixed(2)} s | ${names.size} sources in ${j.waves.length} waves; native: ${compare(ours, theirs)}; ${bar(first.seconds)} |`);
  }
  for (const depth of [1, Infinity]) {
    const args = ['rdeps', ...REPOS, SEED, '--json', ...(depth === 1 ? ['--depth', '1'] : [])];
    const first = goose(args);
    const again = goose(args);
    const j = JSON.parse(first.stdout) as { build: { name: string; level: number }[]; install: { name: string; level: number }[] };
    const build = new Map(j.build.map((e) => [e.name, e.level] as const));
    const install = new Map(j.install.map((e) => [e.name, e.level] as const));
    rows.push(`| \`rdeps ${SEED} --json${depth === 1 ? ' --depth 1' : ''}\` | ${first.seconds.toFixed(2)} s, again ${again.seconds.toFixed(2)} s | ${build.size} sources to build (native: ${compare(build, atDepth(nBuild, depth))}), ${install.size} binaries at run time (native: ${compare(install, atDepth(nInstall, depth))}); ${bar(first.seconds)} |`);
  }
  const query = goose(['query', ...REPOS, 'bash']);
  rows.push(`| \`query bash\` (loading the repositories alone, for scale) | ${query.seconds.toFixed(2)} s | what every command above pays before its first question |`);
  const notes = `Native reference: \`bench/native/affected.py\` (python3-solv ${nativeFile ? `output read from ${nativeFile}` : `run here: ${nativeSeconds.toFixed(0)} s wall`}; load ${native.seconds.load} s, ${native.solves} buildroot solves ${native.seconds.solve} s on 2 processes, walk ${native.seconds.walk} s; ${native.unresolvable.length} unresolvable). "again": the same command once more (the affected order, the install index kept by the first run).`;
  return { rows: rows.join('\n'), notes };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--native');
  const { rows, notes } = measureAffected(i > 0 ? process.argv[i + 1] : undefined);
  console.log(`| | wall time | notes |\n|---|---:|---|\n${rows}\n\n${notes}`);
}
