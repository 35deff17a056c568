/**
 * The buildroot store on the bookworm-derived dataset (34k sources, 63k binaries): `order` with
 * an empty store against `order` again over the unchanged repositories (every buildroot read from
 * the store), and against `--no-cache`; the outputs must be byte-identical. Then, with the
 * buildroots stored, `order --affected-by` and `rdeps` timed (section `affected`, when those
 * commands exist in this build). Bar (issue 13): the second order ≤ 10% of the first.
 *
 * Run: `npm run build && npx tsx bench/store.ts`. Takes minutes of every core. Writes its
 * section of bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSection } from './lib/results.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = process.env.GOOSE_SHARED_DATA ?? resolve(ROOT, '..', 'shared', 'data');
const BW = join(DATA, 'bookworm-rpmmd');
const cache = join(ROOT, 'bench', 'out', 'store-cache');
const env = { ...process.env, XDG_CACHE_HOME: cache };
const repos = ['--repo', join(BW, 'binary'), '--srcrepo', join(BW, 'source'), '--group', `@${join(BW, 'buildroot.txt')}`];

function run(args: string[]): { seconds: number; stdout: string } {
  const t = process.hrtime.bigint();
  const r = spawnSync('node', [join(ROOT, 'bin/goose-deps.js'), ...args], { cwd: ROOT, encoding: 'utf8', env, maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`goose-deps ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  console.error(`goose-deps ${args[0]} ${args.slice(-2).join(' ')}: ${seconds.toFixed(2)} s`);
  return { seconds, stdout: r.stdout };
}

const loadBefore = loadavg().map((x) => x.toFixed(2)).join(' ');
// --affected-only: keep the store of an earlier run and time only --affected-by and rdeps.
const affectedOnly = process.argv.includes('--affected-only');
let orderRows = '';
if (!affectedOnly) {
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  // The .solv cache warmed first, so both orders load the same way and only the store differs.
  run(['query', ...repos.slice(0, 4), 'bash']);
  const first = run(['order', ...repos, '--format', 'koji']);
  const second = run(['order', ...repos, '--format', 'koji']);
  const ratio = second.seconds / first.seconds;
  const same = first.stdout === second.stdout;
  orderRows = `| \`goose-deps order --format koji\`, empty buildroot store | ${first.seconds.toFixed(2)} s | every buildroot solved, then stored |
| the same again, repositories unchanged | ${second.seconds.toFixed(2)} s | every buildroot read from the store; no solver started |
| ratio second / first | **${(ratio * 100).toFixed(1)}%** | bar: ≤ 10% — ${ratio <= 0.1 ? 'met' : 'missed'}; outputs ${same ? 'byte-identical' : 'DIFFER'} |
`;
}
const affected = run(['order', ...repos, '--affected-by', 'boost1.74', '--json']);
const aj = JSON.parse(affected.stdout) as { waves: string[][]; unresolvable: unknown[] };
const rdeps = run(['rdeps', ...repos, 'boost1.74', '--json']);
const rj = JSON.parse(rdeps.stdout) as { build: unknown[]; install: unknown[] };
const rdeps1 = run(['rdeps', ...repos, 'boost1.74', '--depth', '1', '--json']);
const r1 = JSON.parse(rdeps1.stdout) as { build: unknown[]; install: unknown[] };

const body = `## The buildroot store: a second order over unchanged repositories; what a change affects (bookworm-derived)

Written by \`npm run build && npx tsx bench/store.ts${affectedOnly ? ' --affected-only' : ''}\` on ${new Date().toISOString()}; machine: ${cpus().length} cores, shared with other work; load average before: ${loadBefore}, after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}. Every run reads the repositories from the .solv cache (warmed by one \`query\` first).

| | wall time | notes |
|---|---:|---|
${orderRows}| \`order --affected-by boost1.74 --json\`, buildroots stored | ${affected.seconds.toFixed(2)} s | ${aj.waves.flat().length} sources in ${aj.waves.length} waves, ${aj.unresolvable.length} unresolvable; bar: < 3 s — ${affected.seconds < 3 ? 'met' : 'missed'} |
| \`rdeps boost1.74 --json\` (all levels) | ${rdeps.seconds.toFixed(2)} s | ${rj.build.length} sources to build, ${rj.install.length} binaries at run time; bar: < 3 s — ${rdeps.seconds < 3 ? 'met' : 'missed'} |
| \`rdeps boost1.74 --depth 1 --json\` | ${rdeps1.seconds.toFixed(2)} s | ${r1.build.length} sources to build, ${r1.install.length} binaries at run time |

Not yet measured here: the agreement of these sets with python3-solv buildroots (bench/native), and readiness after ~200 more built sources (needs the incremental re-solve, not built yet).
`;
writeSection(join(ROOT, 'bench', 'RESULTS.md'), 'store', body);
console.log(body);
