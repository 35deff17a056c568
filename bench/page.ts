/**
 * The readiness page on the bookworm-derived dataset (34k sources) in headless Chromium: how big
 * the folder is, how soon its first rows show (and the whole report, and libsolv), and whether the
 * in-page answers agree with the CLI's (the panel's blockers with `blockedBy`, libsolv's chains
 * with `goose-deps why`'s text computed here on the same pool, the what-if with `whatIfBuilt` =
 * `readiness --assume-built`), each within 1 s; and the ranking's unblocks-now against a recount.
 *
 * The built repository is the half-built one bench/readiness.ts makes (the build group's own
 * buildroot sources plus the sources whose FNV-1a name hash is even); pass its folder with --built
 * (default /tmp/baseline/built, as /tmp/baseline/prep-built.mts writes it).
 *
 * Run: `npx tsx bench/page.ts [--built DIR] [--workers N]`; replaces the "page" section of
 * bench/RESULTS.md.
 */
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { computeReadiness, whatIfBuilt } from '../src/readiness/index.js';
import { loadReadinessInput, writePageFolder } from '../src/cli/readiness.js';
import { readinessJson } from '../src/report/readiness-json.js';
import { pageSolvFiles } from '../src/report/page-solv.js';
import { whyNeedClasses, whyNeeds, whyReportText } from '../src/why/index.js';
import { buildPageBundle } from '../scripts/build-page.js';
import { writeSection } from './lib/results.js';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = resolve(process.env.GOOSE_SHARED_DATA ?? join(ROOT, '..', 'shared', 'data'), 'bookworm-rpmmd');
const args = process.argv.slice(2);
const flag = (name: string, dflt?: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const built = flag('--built', '/tmp/baseline/built')!;
const workers = flag('--workers') ? Number(flag('--workers')) : undefined;
for (const p of [DATA, built]) {
  if (!existsSync(p)) {
    console.error(`bench/page: ${p} not found`);
    process.exit(1);
  }
}

const t0 = performance.now();
const { input, free } = await loadReadinessInput({ repo: [join(DATA, 'binary')], srcrepo: [join(DATA, 'source')], built: [built], group: `@${join(DATA, 'buildroot.txt')}`, arch: 'x86_64', cache: false, workers }, console.error);
const r = await computeReadiness(input, { workers });
const j = readinessJson(r);
const computeSeconds = (performance.now() - t0) / 1000;
await buildPageBundle();
const dir = join(mkdtempSync(join(tmpdir(), 'goose-page-bench-')), 'page');
const tw = performance.now();
const solv = pageSolvFiles(input);
await writePageFolder(dir, j, solv);
const writeSeconds = (performance.now() - tw) / 1000;
const blocked = j.packages.filter((p) => p.status === 'blocked');
const sample = Array.from({ length: 10 }, (_, k) => blocked[Math.floor((k * blocked.length) / 10)]);
// What `goose-deps why X B` prints for the first blocker of 5 sampled blocked sources, on the same pool.
const whyPairs = sample.slice(0, 5).map((p) => {
  const w = whyNeeds(input.upstream, input.upstreamRepos, input.sourceRepos, input.group, p.name, p.blockedBy[0]);
  return { a: p.name, b: p.blockedBy[0], text: whyReportText(w, whyNeedClasses(input.upstream, input.upstreamRepos, w)) };
});
free();
const sizes = readdirSync(dir).map((f) => [f, statSync(join(dir, f)).size] as const);
const totalMB = sizes.reduce((a, [, s]) => a + s, 0) / 1e6;

// Ranking: unblocks-now recounted from the JSON; submit next ordered by it.
let recountOk = 0;
for (const s of j.ranking) {
  const n = j.packages.filter((p) => p.status === 'blocked' && p.name !== s.name && p.blockedBy.length === 1 && p.blockedBy[0] === s.name).length;
  if (n === s.unblocksNow) recountOk++;
}
const nextOrdered = j.submitNext.every((s, i) => i === 0 || j.submitNext[i - 1].unblocksNow >= s.unblocksNow);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const errors: string[] = [];
page.on('pageerror', (e) => (errors.push(e.message), console.error(`page error: ${e.message}`)));
const tn = performance.now();
await page.goto(`file://${dir}/index.html`, { waitUntil: 'commit' });
await page.waitForSelector('#rows tr[data-package]');
const firstRowsSeconds = (performance.now() - tn) / 1000;
await page.waitForSelector('body[data-loaded="data"], body[data-loaded="all"]', { timeout: 120_000 });
const dataSeconds = (performance.now() - tn) / 1000;
await page.waitForSelector('body[data-loaded="all"]', { timeout: 120_000 });
const problemsSeconds = (performance.now() - tn) / 1000;
await page.waitForSelector('body[data-solv="ready"], body[data-solv="failed"]', { timeout: 300_000 });
const solvSeconds = (performance.now() - tn) / 1000;
const solvStatus = await page.textContent('#solv');

let panelsOk = 0;
let panelMax = 0;
for (const p of sample) {
  const t = performance.now();
  await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), `#pkg=${encodeURIComponent(p.name)}`);
  await page.waitForSelector(`[data-details="${p.name}"]`);
  panelMax = Math.max(panelMax, performance.now() - t);
  const got = await page.$$eval('[data-details] [data-blocker]', (l) => l.map((a) => a.getAttribute('data-blocker')));
  if (JSON.stringify(got) === JSON.stringify(p.blockedBy)) panelsOk++;
}
const xs = [...j.ranking.slice(0, 3).map((s) => s.name), ...sample.slice(0, 3).flatMap((p) => p.blockedBy.slice(0, 1))];
let whatIfOk = 0;
let whatIfMax = 0;
for (const x of xs) {
  await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), `#pkg=${encodeURIComponent(x)}`);
  await page.waitForSelector(`[data-details="${x}"]`);
  const t = performance.now();
  await page.click('[data-action="whatif"]');
  await page.waitForSelector(`[data-whatif="${x}"]`);
  whatIfMax = Math.max(whatIfMax, performance.now() - t);
  const got = await page.$$eval('[data-whatif] [data-becomes-ready]', (l) => l.map((e) => e.getAttribute('data-becomes-ready')));
  if (JSON.stringify(got) === JSON.stringify(whatIfBuilt(j.packages, [x]).becomesReady)) whatIfOk++;
}
let whyOk = 0;
let whyMax = 0;
for (const w of whyPairs) {
  const t = performance.now();
  await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), `#pkg=${encodeURIComponent(w.a)}`);
  await page.waitForSelector(`[data-details="${w.a}"] [data-why-needs="${w.b}"]`);
  whyMax = Math.max(whyMax, performance.now() - t);
  if ((await page.textContent(`[data-details="${w.a}"] [data-why-needs="${w.b}"]`)) === w.text) whyOk++;
}
await browser.close();

const s = j.summary;
const lines = [
  '## The readiness page (bench/page.ts)',
  '',
  `Data: \`bookworm-rpmmd\`, built repo ${built} (half-built, as bench/readiness.ts makes it): ${s.total} sources, ${s.built} built, ${s.ready} ready, ${s.blocked} blocked, ${s.unresolvable} unresolvable. Readiness computed in ${computeSeconds.toFixed(1)} s; page folder written in ${writeSeconds.toFixed(1)} s.`,
  '',
  '| measure | value | bar |',
  '|---|---:|---|',
  `| folder size (${sizes.map(([f, b]) => `${f} ${(b / 1e6).toFixed(1)} MB`).join(', ')}) | ${totalMB.toFixed(1)} MB | < 60 MB: **${totalMB < 60 ? 'met' : 'missed'}** |`,
  `| first rows after navigation (file://, headless Chromium) | ${firstRowsSeconds.toFixed(2)} s | < 3 s: **${firstRowsSeconds < 3 ? 'met' : 'missed'}** |`,
  `| whole table parsed (data.js: search, sort, panels work) | ${dataSeconds.toFixed(2)} s after navigation | |`,
  `| why sentences parsed (problems.js) | ${problemsSeconds.toFixed(2)} s after navigation | |`,
  `| libsolv loaded with the upstream pool in a worker (${solvStatus?.replace(/^libsolv: ready \(/, '').replace(/\):.*$/, '')}) | ${solvSeconds.toFixed(2)} s after navigation | |`,
  `| in-page \`why X B\` = \`goose-deps why\` text, first blocker of 5 sampled blocked sources | ${whyOk}/${whyPairs.length}, slowest ${(whyMax / 1000).toFixed(2)} s | each < 1 s: **${whyMax < 1000 ? 'met' : 'missed'}** |`,
  `| panel blockers = JSON blockedBy, 10 sampled blocked sources | ${panelsOk}/10, slowest ${(panelMax / 1000).toFixed(2)} s | each < 1 s: **${panelMax < 1000 ? 'met' : 'missed'}** |`,
  `| in-page what-if = \`--assume-built\`, ${xs.length} sampled sources | ${whatIfOk}/${xs.length}, slowest ${(whatIfMax / 1000).toFixed(2)} s | each < 1 s: **${whatIfMax < 1000 ? 'met' : 'missed'}** |`,
  `| ranking: unblocks-now recounted from the JSON | ${recountOk}/${j.ranking.length} | submit next ordered by unblocks-now: ${nextOrdered ? 'yes' : 'no'} |`,
  `| page errors | ${errors.length} | |`,
  '',
  `Machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')} at the end of the run (other work shares it; times scale with it).`,
  '',
  `Submit next: ${j.submitNext.slice(0, 8).map((x) => `${x.name} (${x.unblocksNow} now, ${x.blocksInAll} in all)`).join(', ')}. Unblocking the most now (not ready): ${j.ranking.filter((x) => x.status !== 'ready').slice(0, 5).map((x) => `${x.name} (${x.unblocksNow})`).join(', ')}.`,
  '',
];
const section = lines.join('\n');
console.log(section);
writeSection(join(ROOT, 'bench', 'RESULTS.md'), 'page', section);
