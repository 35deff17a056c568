/**
 * The readiness history store (`readiness --db`) at the size of a real distribution: one real
 * readiness report of the bookworm-derived dataset (34k sources; the half-built repo of
 * bench/readiness.ts, computed through the library), then 49 more days, each with a few hundred
 * statuses changed (bench/lib/evolve-report.ts), all appended through the library. Reports the
 * file's size, each append's time, `readiness diff` of the last two, reading every report back
 * (each must equal its input byte for byte), and the compressors measured on the first report.
 *
 * Run: `npx tsx bench/history.ts [--days N] [--per-day N] [--report FILE.json]` (--report: start
 * from a saved `readiness --json` report instead of computing one, to rerun quickly).
 * Bars (issue 11): 50 reports under 200 MB, the diff of the last two under 2 s.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, deflateSync, inflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { computeReadiness } from '../src/readiness/index.js';
import { loadReadinessInput } from '../src/cli/readiness.js';
import { readinessJson, type ReadinessJson } from '../src/report/readiness-json.js';
import { appendReport, diffLatest, diffStatuses, listReports, readReport } from '../src/history/store.js';
import { HistoryDb } from '../src/history/db.js';
import { reportUnits } from '../src/history/units.js';
import { writeHalfBuilt } from './lib/bookworm-built.js';
import { nextDay } from './lib/evolve-report.js';
import { writeSection } from './lib/results.js';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = resolve(process.env.GOOSE_SHARED_DATA ?? join(ROOT, '..', 'shared', 'data'), 'bookworm-rpmmd');
const argv = process.argv.slice(2);
const opt = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const DAYS = Number(opt('--days') ?? 50);
const PER_DAY = Number(opt('--per-day') ?? 300);
const UPDATES = Math.round(PER_DAY / 10);
const reportFile = opt('--report');
const work = mkdtempSync(join(tmpdir(), 'goose-history-bench-'));
const seconds = (t: number) => (performance.now() - t) / 1000;
const mb = (n: number) => (n / 2 ** 20).toFixed(1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

// 1. Day 0: one real report, through the library.
const load0 = loadavg();
let t = performance.now();
let first: ReadinessJson;
let origin: string;
if (reportFile) {
  first = JSON.parse(readFileSync(reportFile, 'utf8')) as ReadinessJson;
  origin = `read from ${reportFile}`;
} else {
  if (!existsSync(DATA)) {
    console.error(`bench/history: ${DATA} not found (set GOOSE_SHARED_DATA)`);
    process.exit(1);
  }
  const built = await writeHalfBuilt(DATA, work);
  const { input, free } = await loadReadinessInput({ repo: [join(DATA, 'binary')], srcrepo: [join(DATA, 'source')], built: [built.dir], group: `@${join(DATA, 'buildroot.txt')}`, arch: 'x86_64', cache: false });
  try {
    first = readinessJson(await computeReadiness(input));
  } finally {
    free();
  }
  origin = `computed through the library (half-built repo of ${built.sources} sources, as bench/readiness.ts makes it)`;
}
const firstChars = JSON.stringify(first).length;
console.error(`day 0: ${first.summary.total} sources, ${mb(firstChars)} MB of JSON, ${origin}, ${seconds(t).toFixed(1)} s`);

// 2. The compressors on day 0's snapshot payload (what the store compresses): each measured five
// times, interleaved, the fastest kept (the machine is shared; the minimum is the least disturbed).
const payload = Buffer.from(reportUnits(first).join('\n'));
const zlibSync = createRequire(import.meta.url)('zlib-sync') as { Inflate: new (o?: object) => { push(b: Buffer, f: number): void; err: number; result: Buffer | null }; Z_FINISH: number };
const zlibSyncInflate = (b: Buffer) => {
  const z = new zlibSync.Inflate({ chunkSize: 1 << 20 });
  z.push(b, zlibSync.Z_FINISH);
  if (z.err < 0) throw new Error('zlib-sync inflate failed');
  return z.result;
};
const brotli = (quality: number) => (b: Buffer) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: b.length } });
const codecs = [
  { name: 'node:zlib deflate, level 6', compress: (b: Buffer) => deflateSync(b, { level: 6 }), inflaters: { 'node:zlib': inflateSync, 'zlib-sync': zlibSyncInflate } },
  { name: 'node:zlib deflate, level 9', compress: (b: Buffer) => deflateSync(b, { level: 9 }), inflaters: { 'node:zlib': inflateSync, 'zlib-sync': zlibSyncInflate } },
  { name: 'node:zlib brotli, quality 5, 16 MiB window (chosen)', compress: brotli(5), inflaters: { 'node:zlib': brotliDecompressSync } },
  { name: 'node:zlib brotli, quality 9, 16 MiB window', compress: brotli(9), inflaters: { 'node:zlib': brotliDecompressSync } },
];
const timed = (f: () => unknown) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};
const packedBy = codecs.map((c) => c.compress(payload));
const best = codecs.map((c) => ({ compress: Infinity, inflate: Object.fromEntries(Object.keys(c.inflaters).map((k) => [k, Infinity])) as Record<string, number> }));
for (let round = 0; round < 5; round++) {
  codecs.forEach((c, i) => {
    best[i].compress = Math.min(best[i].compress, timed(() => c.compress(payload)));
    for (const [k, f] of Object.entries(c.inflaters)) best[i].inflate[k] = Math.min(best[i].inflate[k], timed(() => f(packedBy[i])));
  });
}
const codecRows = codecs.map((c, i) => `| ${c.name} | ${mb(packedBy[i].length)} MB | ${best[i].compress.toFixed(0)} ms | ${Object.entries(best[i].inflate).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')} |`);
console.error(codecRows.join('\n'));

// 3. Fifty days, appended through the library.
const db = join(work, 'history.sqlite');
const start = Date.parse('2025-01-01T06:00:00Z');
const appends: number[] = [];
const sizes: number[] = [];
const hashes: string[] = [];
let changedStatuses = 0;
let report = first;
let previous: ReadinessJson | undefined;
for (let day = 0; day < DAYS; day++) {
  if (day > 0) {
    previous = report;
    report = nextDay(report, day, PER_DAY, UPDATES);
    const before = new Map(previous.packages.map((p) => [p.name, p.status]));
    changedStatuses += report.packages.filter((p) => before.get(p.name) !== p.status).length;
  }
  hashes.push(sha(JSON.stringify(report)));
  t = performance.now();
  await appendReport(db, report, { now: new Date(start + day * 86_400_000) });
  appends.push(seconds(t));
  sizes.push(statSync(db).size);
  console.error(`day ${day}: ${report.summary.built} built, ${report.summary.ready} ready; append ${appends[day].toFixed(2)} s; file ${mb(sizes[day])} MB`);
}

// 4. `readiness diff` of the last two, as the CLI calls it, against a plain comparison of the two reports.
const diffTimes: number[] = [];
let diff = await diffLatest(db);
for (let k = 0; k < 3; k++) {
  t = performance.now();
  diff = await diffLatest(db);
  diffTimes.push(seconds(t));
}
const expected = diffStatuses(new Map(previous!.packages.map((p) => [p.name, p.status])), new Map(report.packages.map((p) => [p.name, p.status])));
const diffRight = JSON.stringify({ ...diff, from: undefined, to: undefined }) === JSON.stringify({ ...expected, from: undefined, to: undefined });

// 5. Every report read back, compared with its input.
const stored = await listReports(db);
const readTimes: number[] = [];
let equal = 0;
for (const r of stored) {
  t = performance.now();
  const back = await readReport(db, r.id);
  readTimes.push(seconds(t));
  if (sha(JSON.stringify(back)) === hashes[r.id - 1]) equal++;
}

// 6. Where an append's time goes at day 50: one more append, in memory, phase by phase.
const phases: [string, number][] = [];
const phase = <T>(name: string, f: () => T): T => {
  const t0 = performance.now();
  const r = f();
  phases.push([name, performance.now() - t0]);
  return r;
};
const extra = nextDay(report, DAYS, PER_DAY, UPDATES);
const bytes = readFileSync(db);
const extraUnits = phase('units of the report (JSON.stringify of each package)', () => reportUnits(extra));
t = performance.now();
const h = await HistoryDb.open(db, bytes);
phases.push(['sql.js opens the file', performance.now() - t]);
phase("rebuild of the latest report (snapshot, then its chain's deltas)", () => h.units(stored[stored.length - 1].id));
phase('changes, delta and its compression, insert', () => h.append(extraUnits, { created: new Date().toISOString(), summary: extra.summary, legacy: false }));
phase('sql.js exports the file', () => h.export());
h.close();
const load1 = loadavg();
rmSync(work, { recursive: true, force: true });

// 7. The section.
const size = sizes[sizes.length - 1];
const snapshots = stored.filter((r) => r.snapshot);
const lines: string[] = [];
lines.push('## Readiness history (bench/history.ts)', '');
lines.push(`Written by \`npx tsx bench/history.ts${argv.length ? ' ' + argv.join(' ') : ''}\` on ${new Date().toISOString()}. Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}, ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}. Load average ${load0.map((x) => x.toFixed(2)).join(' ')} before, ${load1.map((x) => x.toFixed(2)).join(' ')} after (the machine is shared: other work may have been running).`, '');
lines.push(`Day 0: a readiness report of bookworm-rpmmd, ${origin}: ${first.summary.total} sources, ${mb(firstChars)} MB of JSON. Then ${DAYS - 1} days, each building ${PER_DAY} sources (the ready ones first) and giving ${UPDATES} built ones a new version, with root causes, cycles and counts computed again through the library: ${changedStatuses} status changes in all (${Math.round(changedStatuses / Math.max(1, DAYS - 1))} a day). Each report appended with \`appendReport\`.`, '');
lines.push('| what | measured | bar |', '|---|---:|---|');
lines.push(`| file size after ${DAYS} reports | ${mb(size)} MB (${snapshots.length} snapshots: ${snapshots.map((r) => `report ${r.id} ${mb(r.bytes)} MB`).join(', ')}; deltas ${mb(stored.filter((r) => !r.snapshot).reduce((a, r) => a + r.bytes, 0))} MB) | < 200 MB: **${size < 200 * 2 ** 20 ? 'met' : 'missed'}** |`);
lines.push(`| \`readiness diff\` of the last two (\`diffLatest\`, median of 3) | ${(median(diffTimes) * 1000).toFixed(0)} ms; equal to comparing the two reports' statuses: ${diffRight ? 'yes' : '**no**'} (${diff.newlyBuilt.length} newly built, ${diff.newlyReady.length} newly ready) | < 2 s: **${median(diffTimes) < 2 && diffRight ? 'met' : 'missed'}** |`);
lines.push(`| append, first report (snapshot) | ${appends[0].toFixed(2)} s | |`);
lines.push(`| append, days 1-${DAYS - 1}: median, max | ${median(appends.slice(1)).toFixed(2)} s, ${Math.max(...appends.slice(1)).toFixed(2)} s | |`);
lines.push(`| one more append after day ${DAYS - 1}, in memory, by phase | ${phases.map(([n, ms]) => `${n}: ${ms.toFixed(0)} ms`).join('; ')} | |`);
lines.push(`| every report read back (\`readReport\`): equal to its input, byte for byte | ${equal} of ${stored.length}; median ${median(readTimes).toFixed(2)} s each | all |`);
lines.push('');
lines.push(`Compressors on day 0's snapshot payload (${mb(payload.length)} MB; fastest of 5 interleaved runs; zlib-sync only inflates):`, '');
lines.push('| compressor | size | compress | decompress |', '|---|---:|---:|---|');
lines.push(...codecRows, '');
const section = lines.join('\n');
console.log(section);
writeSection(join(ROOT, 'bench', 'RESULTS.md'), 'history', section);
