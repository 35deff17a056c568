/**
 * Start-up of whole `goose-deps` processes against their native references, side by side in one
 * run (issue 13, section 3):
 * - **warm**: `goose-deps query` on a cached CentOS Stream 9 AppStream against `dnf -C repoquery`
 *   on dnf's own cache of the same repository;
 * - **cold**: `goose-deps query --no-cache` (read, parse, filter, answer) against a native libsolv
 *   parse of the same primary.xml.gz in a whole python3-solv process, on AppStream and bookworm.
 *
 * Run: `npm run build && npx tsx bench/start.ts [--rounds N] [--cold-rounds N] [--base DIR] [--skip-cold]`. `--base`
 * names another goose-deps checkout (built) to time in the same rounds, e.g. the commit before a
 * change. Each round runs every command once, in turn, so load from other work on the machine
 * falls on every side; figures are medians of wall time and of CPU time (user + system, from
 * /usr/bin/time; the process's threads included). A comparison is the median of paired ratios
 * (goose-deps run i / reference run i, the two run back to back in round i) with their range
 * and interquartile range beside it: a burst of load that slows one round moves one pair, not
 * the medians of two sides taken apart, so a bar can be called from one run. Every goose-deps
 * answer is checked against dnf's before timing. Replaces the "start" section of bench/RESULTS.md (with --skip-cold, the
 * cold table already there is kept, with a line saying so and when it was timed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeSection } from './lib/results.js';
import { nativeLoadArgv } from './lib/native-load.js';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = resolve(process.env.GOOSE_SHARED_DATA ?? join(ROOT, '..', 'shared', 'data'));
const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const ROUNDS = Number(option('--rounds', '10'));
const BASE = argv.includes('--base') ? resolve(option('--base', '')) : undefined;
const SKIP_COLD = argv.includes('--skip-cold');
const COLD_ROUNDS = Number(option('--cold-rounds', String(ROUNDS)));
const APPSTREAM = join(DATA, 'centos-stream-9', 'appstream');
const BOOKWORM = join(DATA, 'bookworm-rpmmd', 'binary');

const work = mkdtempSync(join(tmpdir(), 'goose-start-bench-'));
const env = { ...process.env, XDG_CACHE_HOME: join(work, 'goose-cache') };
const DNF = ['-q', '--repofrompath=as,' + APPSTREAM, '--repo=as', `--setopt=cachedir=${join(work, 'dnf-cache')}`, '--releasever=9', '--setopt=module_platform_id=platform:el9', '--setopt=reposdir=/dev/null'];

/** One command to time. */
interface Cmd {
  label: string;
  argv: string[];
}

const goose = (root: string, ...args: string[]): string[] => [process.execPath, join(root, 'bin', 'goose-deps.js'), ...args];
const primary = (dir: string) => {
  const r = spawnSync('sh', ['-c', `ls ${dir}/repodata/*primary.xml.gz`], { encoding: 'utf8' });
  return r.stdout.trim();
};

function run(c: Cmd): { wall: number; cpu: number; stdout: string } {
  const timeFile = join(work, 'time');
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, ...c.argv], { encoding: 'utf8', env, maxBuffer: 64 << 20 });
  const wall = performance.now() - t;
  if (r.status !== 0) throw new Error(`${c.label}: exit ${r.status}\n${r.stderr}`);
  const [u, s] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { wall, cpu: (u + s) * 1000, stdout: r.stdout };
}

function median(xs: number[]): number {
  return quantile(xs, 0.5);
}

/** The q-quantile of xs, interpolated between the closest ranks (q = 0.5: the median). */
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return lo + 1 < s.length ? s[lo] + (s[lo + 1] - s[lo]) * (at - lo) : s[lo];
}

/** Round i's ratio of `a` to `b` (both run in round i), for every round. */
function pairedRatios(a: number[], b: number[]): number[] {
  return a.map((x, i) => x / b[i]);
}

/**
 * A comparison as a table cell: the median of the paired ratios, then their interquartile range
 * and their range (min-max), e.g. `0.93× (IQR 0.90-0.95, 0.84-1.02)`.
 */
function ratioCell(ratios: number[]): string {
  const f = (x: number) => x.toFixed(2);
  return `**${f(median(ratios))}×** (IQR ${f(quantile(ratios, 0.25))}-${f(quantile(ratios, 0.75))}, ${f(Math.min(...ratios))}-${f(Math.max(...ratios))})`;
}

/** Times `cmds` in `ROUNDS` rounds, each command once per round, in turn. */
function timeAll(cmds: Cmd[], rounds = ROUNDS): Map<string, { wall: number[]; cpu: number[] }> {
  const out = new Map(cmds.map((c) => [c.label, { wall: [] as number[], cpu: [] as number[] }]));
  for (let i = 0; i < rounds; i++) {
    for (const c of cmds) {
      const r = run(c);
      out.get(c.label)!.wall.push(r.wall);
      out.get(c.label)!.cpu.push(r.cpu);
    }
    process.stderr.write(`round ${i + 1}/${rounds}\n`);
  }
  return out;
}

const roots: [string, string][] = [['goose-deps', ROOT], ...(BASE ? ([['goose-deps (base)', BASE]] as [string, string][]) : [])];
const QUERIES: { what: string; goose: string[]; dnf: string[] }[] = [
  { what: 'a name: `python3.11`', goose: ['python3.11'], dnf: ['python3.11'] },
  { what: '`--whatrequires python3.11`', goose: ['--whatrequires', 'python3.11'], dnf: ['--whatrequires', 'python3.11'] },
];

/**
 * With --skip-cold, the cold table of the section as it stands (read before this run rewrites it),
 * with the line saying when and how it was written and that run's load: kept, and said to be kept.
 */
function previousCold(): string[] {
  const text = existsSync(join(ROOT, 'bench', 'RESULTS.md')) ? readFileSync(join(ROOT, 'bench', 'RESULTS.md'), 'utf8') : '';
  const section = /<!-- section:start -->\n([\s\S]*?)<!-- \/section:start -->/.exec(text)?.[1] ?? '';
  const lines = section.split('\n');
  const from = lines.findIndex((l) => l.startsWith('### Cold load'));
  if (from < 0) return [];
  const to = lines.findIndex((l, i) => i > from && (l.startsWith('### ') || l.startsWith('Load average') || l.startsWith('Cold table kept')));
  const written = lines.find((l) => l.startsWith('Written by')) ?? '';
  const load = lines.find((l) => l.startsWith('Load average')) ?? '';
  const kept = lines.find((l) => l.startsWith('Cold table kept'));
  const table = lines.slice(from, to < 0 ? undefined : to);
  while (table.length && !table[table.length - 1].trim()) table.pop();
  // A table already kept once keeps the note of the run that timed it.
  return [...table, '', kept ?? `Cold table kept from the previous write, not re-run (--skip-cold): ${written.replace(/^Written by /, 'written by ').replace(/\.$/, '')}; ${load.replace(/^Load average/, 'load average').replace(/: this machine.*$/, '')}.`, ''];
}
const keptCold = SKIP_COLD ? previousCold() : [];

const loadBefore = loadavg().map((x) => x.toFixed(2)).join(' ');
const md: string[] = ['## Start-up: whole processes against dnf and native libsolv (bench/start.ts)', ''];
md.push(`Written by \`npx tsx bench/start.ts --rounds ${ROUNDS} --cold-rounds ${COLD_ROUNDS}${BASE ? ' --base DIR' : ''}${SKIP_COLD ? ' --skip-cold' : ''}\` on ${new Date().toISOString()}; ${cpus().length} cores, node ${process.version}.`);
md.push(`Medians of ${ROUNDS} rounds; each round runs every command of a table once, in turn. CPU = user + system time of the whole process (every thread), from /usr/bin/time.`);
md.push('"/ dnf" and "/ native" are paired: the median of the rounds\' ratios (goose-deps run i over the reference\'s run i, back to back in round i), then the interquartile range and the range (min-max) of those ratios. A bar is met clearly when the whole IQR is under it.');
if (BASE) md.push('"goose-deps (base)" is the same tool built from the commit before this work, timed in the same rounds.');
md.push('');

// Warm: both tools' caches filled first; the answers must be dnf's.
const warmCmds: Cmd[] = [];
for (const q of QUERIES) {
  const dnf: Cmd = { label: `dnf ${q.what}`, argv: ['dnf', '-C', ...DNF, 'repoquery', ...q.dnf] };
  run({ label: 'dnf makecache', argv: ['dnf', ...DNF, 'repoquery', ...q.dnf] });
  const expected = run(dnf).stdout;
  warmCmds.push(dnf);
  for (const [name, root] of roots) {
    const c: Cmd = { label: `${name} ${q.what}`, argv: goose(root, 'query', '--repo', APPSTREAM, ...q.goose) };
    const got = run(c).stdout;
    if (got !== expected) throw new Error(`${c.label} differs from dnf:\n${got}\n---\n${expected}`);
    warmCmds.push(c);
  }
}
const nodeBare: Cmd = { label: 'node -e 0', argv: [process.execPath, '-e', '0'] };
const version: Cmd = { label: 'goose-deps --version', argv: goose(ROOT, '--version') };
// Node reads NODE_EXTRA_CA_CERTS at start-up whatever the script does: where the environment sets
// it, every node process above pays for it and dnf does not, so the table shows what it costs.
const extraCerts = process.env.NODE_EXTRA_CA_CERTS;
const nodeNoCerts: Cmd = { label: 'node -e 0, NODE_EXTRA_CA_CERTS unset', argv: ['env', '-u', 'NODE_EXTRA_CA_CERTS', process.execPath, '-e', '0'] };
warmCmds.push(nodeBare, version, ...(extraCerts ? [nodeNoCerts] : []));
const warm = timeAll(warmCmds);
let cold = new Map<string, { wall: number[]; cpu: number[] }>();
const cell = (label: string) => {
  const t = warm.get(label) ?? cold.get(label)!;
  return `${median(t.wall).toFixed(0)} ms | ${median(t.cpu).toFixed(0)} ms`;
};

md.push('### Cached AppStream (17,649 packages, modules.yaml): `goose-deps query` against `dnf -C repoquery`', '');
md.push('| command | wall | CPU | wall / dnf (paired: median (IQR, range)) | CPU / dnf (paired) |', '|---|---:|---:|---:|---:|');
for (const q of QUERIES) {
  const dnf = warm.get(`dnf ${q.what}`)!;
  md.push(`| \`dnf -C repoquery\` ${q.what} | ${cell(`dnf ${q.what}`)} | 1.00× | 1.00× |`);
  for (const [name] of roots) {
    const t = warm.get(`${name} ${q.what}`)!;
    md.push(`| \`${name} query\` ${q.what} | ${cell(`${name} ${q.what}`)} | ${ratioCell(pairedRatios(t.wall, dnf.wall))} | ${median(pairedRatios(t.cpu, dnf.cpu)).toFixed(2)}× |`);
  }
}
md.push(`| \`goose-deps --version\` | ${cell(version.label)} | | |`, `| \`node -e 0\` | ${cell(nodeBare.label)} | | |`);
if (extraCerts) md.push(`| \`node -e 0\` with NODE_EXTRA_CA_CERTS unset | ${cell(nodeNoCerts.label)} | | |`);
md.push('');
if (extraCerts) md.push(`This environment sets NODE_EXTRA_CA_CERTS (${extraCerts}): node parses those certificates as it starts, in every goose-deps process above (not in dnf's); the last row is what node's start costs without it.`, '');
md.push(`dnf: \`dnf -C ${DNF.join(' ').replace(APPSTREAM, 'APPSTREAM').replace(work, 'TMP')} repoquery ...\`; goose-deps: \`goose-deps query --repo APPSTREAM ...\` with a filled cache. Both answers are identical (checked).`, '');

const section = () => [...md, ...keptCold, `Load average ${loadBefore} before, ${loadavg().map((x) => x.toFixed(2)).join(' ')} after: this machine is shared with other work, so absolute times are inflated; compare within a table.`].join('\n');
writeSection(join(ROOT, 'bench', 'RESULTS.md'), 'start', section()); // the warm table now, in case the cold one is stopped

if (!SKIP_COLD) {
  const coldCmds: Cmd[] = [];
  for (const [what, dir, spec] of [['AppStream', APPSTREAM, 'python3.11'], ['bookworm', BOOKWORM, 'bash']] as const) {
    coldCmds.push({ label: `native ${what}`, argv: nativeLoadArgv(primary(dir)) });
    for (const [name, root] of roots) coldCmds.push({ label: `${name} ${what}`, argv: goose(root, 'query', '--no-cache', '--repo', dir, spec) });
  }
  cold = timeAll(coldCmds, COLD_ROUNDS);
  md.push(`### Cold load of a large repository, whole processes: \`goose-deps query --no-cache\` against a python3-solv parse (medians of ${COLD_ROUNDS} rounds)`, '');
  md.push('| repository | command | wall | CPU | wall / native (paired: median (IQR, range)) | CPU / native (paired) |', '|---|---|---:|---:|---:|---:|');
  for (const what of ['AppStream', 'bookworm']) {
    const nat = cold.get(`native ${what}`)!;
    md.push(`| ${what} | python3-solv: \`add_rpmmd\` of primary.xml.gz, \`addfileprovides\`, \`createwhatprovides\` | ${cell(`native ${what}`)} | 1.00× | 1.00× |`);
    for (const [name] of roots) {
      const t = cold.get(`${name} ${what}`)!;
      md.push(`| ${what} | \`${name} query --no-cache\` | ${cell(`${name} ${what}`)} | ${ratioCell(pairedRatios(t.wall, nat.wall))} | ${median(pairedRatios(t.cpu, nat.cpu)).toFixed(2)}× |`);
    }
  }
  md.push('');
}
rmSync(work, { recursive: true, force: true });
const body = section();
process.stdout.write(body + '\n');
writeSection(join(ROOT, 'bench', 'RESULTS.md'), 'start', body);
