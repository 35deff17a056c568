/**
 * `readiness` after more sources are built (issue 13 §1): the half-built bookworm repo of
 * bench/lib/bookworm-built.ts (built-A), then the same with about 200 more sources built
 * (built-B: every source not in A whose FNV-1a name hash is 1 mod 85), both named `built` so they
 * are one store family. Timed, each as a whole process over the same .solv cache (warmed first):
 *   1. readiness on built-A with an empty buildroot store (every buildroot solved);
 *   2. readiness on built-B with the store of 1 (the built-pool outcomes carried over where the
 *      carry rule allows, the upstream ones read);
 *   3. readiness on built-B with `--no-cache` (the reference output; its time includes parsing
 *      the XML, so it is not the time reference).
 * Bar: 2 takes at most 10% of 1, and its JSON is byte-identical to 3's. Each run's CPU time
 * (user + sys, from /usr/bin/time) is given beside its wall time.
 *
 * Run: `npm run build && npx tsx bench/store-readiness.ts`. Takes minutes of every core. Writes
 * its section of bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { fnv1a, writeHalfBuilt } from './lib/bookworm-built.js';
import { writeSection } from './lib/results.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(process.env.GOOSE_SHARED_DATA ?? resolve(ROOT, '..', 'shared', 'data'), 'bookworm-rpmmd');
const BIN = join(DATA, 'binary');
const SRC = join(DATA, 'source');
const cache = join(ROOT, 'bench', 'out', 'store-readiness-cache');
const work = mkdtempSync(join(tmpdir(), 'goose-store-readiness-'));
const env = { ...process.env, XDG_CACHE_HOME: cache };

const srcName = (srpm: string) => srpm.replace(/-[^-]+-[^-]+\.(no)?src\.rpm$/, '');
const blocksOf = (file: string) => {
  const xml = gunzipSync(readFileSync(file)).toString('utf8');
  return xml.slice(xml.indexOf('<package '), xml.lastIndexOf('</metadata>')).split(/(?=<package type=)/);
};
const sourceOf = (block: string) => srcName(/<rpm:sourcerpm>([^<]*)<\/rpm:sourcerpm>/.exec(block)?.[1] ?? '');

/** Writes an rpm-md repo of `blocks` (primary only) in `dir`. */
function writeRepo(dir: string, blocks: string[]): void {
  const primary = gzipSync(Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="${blocks.length}">\n${blocks.join('')}</metadata>\n`));
  mkdirSync(join(dir, 'repodata'), { recursive: true });
  writeFileSync(join(dir, 'repodata', 'primary.xml.gz'), primary);
  const sha = createHash('sha256').update(primary).digest('hex');
  writeFileSync(join(dir, 'repodata', 'repomd.xml'), `<?xml version="1.0" encoding="UTF-8"?>\n<repomd xmlns="http://linux.duke.edu/metadata/repo"><revision>2</revision><data type="primary"><checksum type="sha256">${sha}</checksum><location href="repodata/primary.xml.gz"/><size>${primary.length}</size></data></repomd>\n`);
}

// built-A (as bench/readiness.ts makes it) and built-B (A plus ~200 more sources).
const half = await writeHalfBuilt(DATA, join(work, 'A'));
const builtA = half.dir;
const aBlocks = blocksOf(join(builtA, 'repodata', 'primary.xml.gz'));
const inA = new Set(aBlocks.map(sourceOf));
const more = new Set<string>();
const added = blocksOf(join(BIN, 'repodata', 'primary.xml.gz')).filter((b) => {
  const s = sourceOf(b);
  const take = !inA.has(s) && fnv1a(s) % 85 === 1;
  if (take) more.add(s);
  return take;
});
const builtB = join(work, 'B', 'built');
writeRepo(builtB, [...aBlocks, ...added]);
console.error(`built-A: ${half.sources} sources, ${half.binaries} binaries; built-B: ${more.size} more sources, ${added.length} more binaries`);

// CPU time (user + sys, every thread) of each run through /usr/bin/time where it exists: on a shared machine it moves less than wall time.
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function run(label: string, args: string[]): { seconds: number; cpu?: number; out: string } {
  const out = join(work, `${label}.json`);
  const argv = [join(ROOT, 'bin', 'goose-deps.js'), ...args, '--json', '--output', out];
  const t = process.hrtime.bigint();
  const r = TIME ? spawnSync(TIME, ['-f', 'cpu %U %S', process.execPath, ...argv], { cwd: ROOT, encoding: 'utf8', env, maxBuffer: 1 << 30 }) : spawnSync(process.execPath, argv, { cwd: ROOT, encoding: 'utf8', env, maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
  const cpu = m ? Number(m[1]) + Number(m[2]) : undefined;
  if (r.status !== 0 && r.status !== 1) throw new Error(`goose-deps ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  console.error(`${label}: ${seconds.toFixed(2)} s wall${cpu === undefined ? '' : `, ${cpu.toFixed(2)} s CPU`}`);
  return { seconds, cpu, out: readFileSync(out, 'utf8') };
}
const cpuOf = (x: { cpu?: number }) => (x.cpu === undefined ? '' : `${x.cpu.toFixed(2)} s`);

const common = ['--repo', BIN, '--srcrepo', SRC, '--group', `@${join(DATA, 'buildroot.txt')}`, '--arch', 'x86_64'];
rmSync(cache, { recursive: true, force: true });
mkdirSync(cache, { recursive: true });
const load0 = loadavg().map((x) => x.toFixed(2)).join(' ');
// The .solv cache warmed for every repository, so that the runs below differ only in the buildroot store.
spawnSync(process.execPath, [join(ROOT, 'bin', 'goose-deps.js'), 'query', '--repo', BIN, '--repo', builtA, '--repo', builtB, '--srcrepo', SRC, 'bash'], { env, encoding: 'utf8' });
const full = run('full-A', ['readiness', ...common, '--built', builtA]);
const incr = run('incremental-B', ['readiness', ...common, '--built', builtB]);
const again = run('again-B', ['readiness', ...common, '--built', builtB]);
const ref = run('no-cache-B', ['readiness', ...common, '--built', builtB, '--no-cache']);
const load1 = loadavg().map((x) => x.toFixed(2)).join(' ');
const ratio = incr.seconds / full.seconds;
const cpuRatio = incr.cpu !== undefined && full.cpu ? incr.cpu / full.cpu : undefined;
const same = incr.out === ref.out;
const sumB = (JSON.parse(ref.out) as { summary: Record<string, number> }).summary;
const sumA = (JSON.parse(full.out) as { summary: Record<string, number> }).summary;

const body = `## Readiness after more sources are built: the buildroot store carries outcomes over (bookworm-derived)

Written by \`npm run build && npx tsx bench/store-readiness.ts\` on ${new Date().toISOString()}; machine: ${cpus().length} cores, shared with other work; load average before: ${load0}, after: ${load1}. Every run is a whole process reading the repositories from the .solv cache (warmed by one \`query\` first), except the \`--no-cache\` one.

Data: built-A is bench/lib/bookworm-built.ts's half-built repo (${half.sources} sources, ${half.binaries} binaries); built-B is built-A plus the ${more.size} sources not in it whose FNV-1a name hash is 1 mod 85 (${added.length} more binaries), both in folders named \`built\` (one store family).

| | wall time | CPU (user+sys) | notes |
|---|---:|---:|---|
| \`readiness --built A --json\`, empty buildroot store | ${full.seconds.toFixed(2)} s | ${cpuOf(full)} | every buildroot solved, then stored, and the result kept; ${sumA.built} built, ${sumA.ready} ready, ${sumA.blocked} blocked |
| \`readiness --built B --json\`, store and kept result of the run above | ${incr.seconds.toFixed(2)} s | ${cpuOf(incr)} | upstream outcomes read; built-pool outcomes carried over (src/buildroots/carry.ts) or solved; entries whose inputs are unchanged taken from the kept result (src/readiness/kept.ts); ${sumB.built} built, ${sumB.ready} ready, ${sumB.blocked} blocked |
| the same again (every outcome stored, every entry kept) | ${again.seconds.toFixed(2)} s | ${cpuOf(again)} | no solve, no explanation |
| \`readiness --built B --json --no-cache\` | ${ref.seconds.toFixed(2)} s | ${cpuOf(ref)} | the reference output (parses the XML: not a time reference) |
| ratio incremental / full | **${(ratio * 100).toFixed(1)}%** | ${cpuRatio === undefined ? '' : `${(cpuRatio * 100).toFixed(1)}%`} | bar: ≤ 10% of the wall time — ${ratio <= 0.1 ? 'met' : 'missed'}; JSON ${same ? 'byte-identical to --no-cache' : 'DIFFERS from --no-cache'} |
`;
writeSection(join(ROOT, 'bench', 'RESULTS.md'), 'store-readiness', body);
console.log(body);
rmSync(work, { recursive: true, force: true });
if (!same) process.exitCode = 1;
