/**
 * `goose-deps order` on the bookworm-derived dataset (34k sources, 63k binaries) against the
 * naive native loop (bench/native/order_naive.py: python3-solv resolving each source's buildroot
 * one solve at a time), in one run, one after the other. The bar: at most half the native time.
 *
 * Run: `npx tsx bench/order.ts [--limit N]` (N sources, spread evenly; default all). Needs `npm run
 * build` (the CLI runs from dist/, with its worker threads). Writes its section of bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSection } from './lib/results.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = process.env.GOOSE_SHARED_DATA ?? resolve(ROOT, '..', 'shared', 'data');
const BW = join(DATA, 'bookworm-rpmmd');
const argv = process.argv.slice(2);
const limitArg = argv.indexOf('--limit');
const limit = limitArg >= 0 ? Number(argv[limitArg + 1]) : 0;

function timed(cmd: string, args: string[]): { seconds: number; stdout: string; status: number | null } {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { seconds, stdout: r.stdout, status: r.status };
}

const loadBefore = loadavg().map((x) => x.toFixed(2)).join(' ');
const nativeArgs = [join(ROOT, 'bench/native/order_naive.py'), join(BW, 'binary/repodata/primary.xml.gz'), join(BW, 'source/repodata/primary.xml.gz'), join(BW, 'buildroot.txt'), ...(limit ? [String(limit)] : [])];
console.error('native naive loop ...');
const native = timed('/usr/bin/python3', nativeArgs);
const nat = JSON.parse(native.stdout) as { load: number; solve: number; sources: number; results: Record<string, { needs?: string[]; problems?: number }> };
console.error(`native: ${native.seconds.toFixed(1)} s`);

console.error('goose-deps order ...');
// A cold .solv cache would favour nobody; use a fresh one so the XML is parsed, as native does.
const cache = join(ROOT, 'bench', 'out', 'cache');
spawnSync('rm', ['-rf', cache]);
spawnSync('mkdir', ['-p', cache]);
// The timed run is the command a user runs: the whole order with cycles and breaks, as JSON.
const gooseArgs = [join(ROOT, 'bin/goose-deps.js'), 'order', '--repo', join(BW, 'binary'), '--srcrepo', join(BW, 'source'), '--group', `@${join(BW, 'buildroot.txt')}`];
const env = { ...process.env, XDG_CACHE_HOME: cache };
const t = process.hrtime.bigint();
const j = spawnSync('node', [...gooseArgs, '--json'], { cwd: ROOT, encoding: 'utf8', env, maxBuffer: 1 << 30 });
const gooseSeconds = Number(process.hrtime.bigint() - t) / 1e9;
if (j.status !== 0 && j.status !== 1) throw new Error(`goose-deps order failed: ${j.stderr}`);
const order = JSON.parse(j.stdout) as { waves: string[][]; cycles: { members: string[]; breaks: unknown[] }[]; unresolvable: { name: string }[] };
console.error(`goose-deps: ${gooseSeconds.toFixed(1)} s`);

// Untimed: every need, one a line (the JSON with every edge is hundreds of MB), for the agreement check.
const outFile = join(ROOT, 'bench', 'out', 'order-edges.tsv');
const fd = openSync(outFile, 'w');
spawnSync('node', [...gooseArgs, '--format', 'edges'], { cwd: ROOT, env, stdio: ['ignore', fd, 'inherit'] });
closeSync(fd);
const edges = readFileSync(outFile, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t'));

// Agreement: for the sources native resolved, the needed-source sets must match.
const needs = new Map<string, Set<string>>();
for (const [from, to] of edges) (needs.get(from) ?? needs.set(from, new Set()).get(from)!).add(to);
let same = 0;
let differ = 0;
const unres = new Set(order.unresolvable.map((u) => u.name));
const allSources = new Set([...order.waves.flat(), ...unres]);
for (const [name, r] of Object.entries(nat.results)) {
  if (r.problems) {
    if (unres.has(name)) same++;
    else differ++;
    continue;
  }
  const a = [...(needs.get(name) ?? [])].sort().join(' ');
  const b = r.needs!.filter((n) => allSources.has(n)).sort().join(' ');
  if (a === b) same++;
  else differ++;
}

const ratio = gooseSeconds / native.seconds;
const biggest = order.cycles.reduce((n, c) => Math.max(n, c.members.length), 0);
const body = `## goose-deps order against a naive native loop (bookworm-derived, ${nat.sources} sources)

Written by \`npx tsx bench/order.ts${limit ? ` --limit ${limit}` : ''}\` on ${new Date().toISOString()}; machine: ${cpus().length} cores; load average before: ${loadBefore}, after: ${loadavg().map((x) => x.toFixed(2)).join(' ')} (other work may have been running).

| | wall time | notes |
|---|---:|---|
| native: bench/native/order_naive.py (python3-solv 0.7.23, one solve per source, one reused solver) | ${native.seconds.toFixed(1)} s | load ${nat.load.toFixed(1)} s, solves ${nat.solve.toFixed(1)} s |
| goose-deps order --json (whole command: load with a cold cache, all buildroots, graph, cycles, breaks, waves, JSON) | ${gooseSeconds.toFixed(1)} s | ${order.waves.length} waves, ${order.cycles.length} cycles (largest ${biggest} sources), ${order.unresolvable.length} unresolvable |
| ratio goose-deps / native | **${ratio.toFixed(2)}×** | bar: ≤ 0.5× — ${ratio <= 0.5 ? 'met' : 'missed'} |

Per-source agreement of the needed source sets (native transaction's sources vs goose-deps' edges): ${same} equal, ${differ} different.
`;
writeSection(join(ROOT, 'bench', 'RESULTS.md'), 'order', body);
console.log(body);
