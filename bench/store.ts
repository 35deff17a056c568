/**
 * The buildroot and graph stores on the bookworm-derived dataset (34k sources, 63k binaries):
 * `order` with empty stores against `order` again over the unchanged repositories (graph and
 * order read from the graph store), side by side in one run; the outputs must be byte-identical.
 * Then, with everything stored, `order --affected-by` and `rdeps` timed and compared with the
 * native reference (bench/affected.ts). Bars (issue 13): the second order ≤ 10% of the first;
 * the affected questions < 3 s and equal to the native answer.
 *
 * Run: `npm run build && npx tsx bench/store.ts [--affected-only] [--native FILE]`. Takes minutes
 * of every core. Writes its section of bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSection } from './lib/results.js';
import { goose, measureAffected, REPOS, STORE_CACHE } from './affected.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const loadBefore = load();
// --affected-only: keep the stores of an earlier run and time only --affected-by and rdeps.
const affectedOnly = process.argv.includes('--affected-only');
const nativeAt = process.argv.indexOf('--native');
let orderRows = '';
if (!affectedOnly) {
  rmSync(STORE_CACHE, { recursive: true, force: true });
  mkdirSync(STORE_CACHE, { recursive: true });
  // The .solv cache warmed first, so both orders load the same way and only the stores differ.
  goose(['query', ...REPOS.slice(0, 4), 'bash']);
  const first = goose(['order', ...REPOS, '--format', 'koji']);
  const second = goose(['order', ...REPOS, '--format', 'koji']);
  const ratio = second.seconds / first.seconds;
  const same = first.stdout === second.stdout;
  orderRows = `| \`goose-deps order --format koji\`, empty stores | ${first.seconds.toFixed(2)} s | every buildroot solved, the graph built and ordered; all stored |
| the same again, repositories unchanged | ${second.seconds.toFixed(2)} s | the graph's head and the order read from the graph store; no buildroot read, no solver started |
| ratio second / first | **${(ratio * 100).toFixed(1)}%** | bar: ≤ 10% — ${ratio <= 0.1 ? 'met' : 'missed'}; outputs ${same ? 'byte-identical' : 'DIFFER'} |
`;
}
const affected = measureAffected(nativeAt > 0 ? process.argv[nativeAt + 1] : undefined);

/** One goose-deps run under /usr/bin/time: wall and CPU (user + system) seconds. */
function timed(args: string[]): { wall: number; cpu: number } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', 'node', join(ROOT, 'bin/goose-deps.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: STORE_CACHE }, maxBuffer: 1 << 30 });
  const [wall, user, sys] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { wall, cpu: user + sys };
}
// CPU time side by side, which the load moves less than wall time: each round removes the stored
// orders (then one plain order stores its own again), asks the all-levels question for the first
// time, and loads the repositories alone (`query`) for scale.
const graphs = join(STORE_CACHE, 'goose-deps', 'graphs');
const rounds: { first: { wall: number; cpu: number }; again: { wall: number; cpu: number }; rdeps: { wall: number; cpu: number }; query: { wall: number; cpu: number }; load: string }[] = [];
for (let k = 0; k < 3; k++) {
  for (const d of readdirSync(graphs)) for (const f of readdirSync(join(graphs, d))) if (/\.(order|roles)$/.test(f)) rmSync(join(graphs, d, f));
  goose(['order', ...REPOS, '--format', 'koji']);
  const first = timed(['order', ...REPOS, '--affected-by', 'boost1.74', '--json']);
  const again = timed(['order', ...REPOS, '--affected-by', 'boost1.74', '--json']);
  const rdeps = timed(['rdeps', ...REPOS, 'boost1.74', '--json']);
  const query = timed(['query', ...REPOS.slice(0, 4), 'bash']);
  rounds.push({ first, again, rdeps, query, load: load() });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const cpuRow = (label: string, pick: (r: (typeof rounds)[number]) => { wall: number; cpu: number }) => {
  const cpu = median(rounds.map((r) => pick(r).cpu));
  const q = median(rounds.map((r) => r.query.cpu));
  return `| ${label} | ${rounds.map((r) => `${pick(r).cpu.toFixed(2)} s (wall ${pick(r).wall.toFixed(2)} s)`).join(', ')} | ${(cpu / q).toFixed(2)}× |`;
};
const cpuTable = `CPU time (user + system), three rounds side by side; load average after each round: ${rounds.map((r) => r.load).join('; ')}.

| | CPU time per round (wall) | median / median of \`query\` |
|---|---|---:|
${cpuRow('`order --affected-by boost1.74 --json`, first time (its order not stored)', (r) => r.first)}
${cpuRow('the same again (order stored)', (r) => r.again)}
${cpuRow('`rdeps boost1.74 --json` (install index stored)', (r) => r.rdeps)}
${cpuRow('`query bash` (loading the repositories alone)', (r) => r.query)}
`;

const body = `## The buildroot and graph stores: a second order over unchanged repositories; what a change affects (bookworm-derived)

Written by \`npm run build && npx tsx bench/store.ts${affectedOnly ? ' --affected-only' : ''}\` on ${new Date().toISOString()}; machine: ${cpus().length} cores, shared with other work; load average before: ${loadBefore}, after: ${load()}. Every run reads the repositories from the .solv cache (warmed by one \`query\` first).

| | wall time | notes |
|---|---:|---|
${orderRows}${affected.rows}

${affected.notes}

${cpuTable}`;
writeSection(join(ROOT, 'bench', 'RESULTS.md'), 'store', body);
console.log(body);
