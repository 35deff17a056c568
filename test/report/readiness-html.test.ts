import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { computeReadiness, whatIfBuilt } from '../../src/readiness/index.js';
import { loadReadinessInput, writePageFolder } from '../../src/cli/readiness.js';
import { EXAMPLE } from '../../src/cli/context.js';
import { readinessJson, type ReadinessJson } from '../../src/report/readiness-json.js';
import { readinessHtml, escapeHtml } from '../../src/report/readiness-html.js';
import { PAGE_ROWS } from '../../src/report/page-app.js';
import { builtFolder, groupSources } from '../readiness/readiness-fixture.js';
import { pageSolvFiles } from '../../src/report/page-solv.js';
import { buildPageBundle } from '../../scripts/build-page.js';
import { runCli } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
let j: ReadinessJson;
let dir: string;
let built: string;
let browser: BrowserContext;
let page: Page;
const errors: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)`);
  await buildPageBundle();
  built = await builtFolder(await groupSources());
  const { input, free } = await loadReadinessInput({ repo: EXAMPLE.repo, srcrepo: EXAMPLE.srcrepo, built: [built], group: 'build', arch: 'x86_64', cache: false });
  j = readinessJson(await computeReadiness(input));
  const solv = pageSolvFiles(input);
  free();
  dir = join(mkdtempSync(join(tmpdir(), 'goose-html-')), 'page');
  await writePageFolder(dir, j, solv);
  // A fresh profile each run (playwright passes it to chromium as --user-data-dir).
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'goose-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => !r.url().startsWith(`file://${dir}/`) && !r.url().startsWith('blob:') && requests.push(r.url()));
  await page.goto(`file://${dir}/index.html`);
  await page.waitForSelector('body[data-loaded="all"]');
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const rowNames = () => page.$$eval('#rows tr', (rows) => rows.map((r) => r.getAttribute('data-package')));
const names = (f: (p: ReadinessJson['packages'][number]) => boolean) => j.packages.filter(f).map((p) => p.name);

describe('the readiness page (a folder opened from file://) in headless Chromium', () => {
  it('loads index.html, first.js and app.js, then the rest of the folder, with no console errors and no other request', async () => {
    expect([...readFileSync(join(dir, 'index.html'), 'utf8').matchAll(/<script src="([^"]+)"/g)].map((m) => m[1])).toEqual(['first.js', 'app.js']);
    await page.waitForSelector('body[data-solv="ready"]', { timeout: 30_000 });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.textContent('#solv')).toMatch(/^libsolv: ready \(\d+ packages/);
  });
  it('shows the JSON report\'s numbers and ranking', async () => {
    for (const k of ['total', 'built', 'ready', 'blocked', 'unresolvable'] as const) {
      expect(await page.textContent(`[data-count="${k}"]`)).toBe(String(j.summary[k]));
    }
    expect(await page.$$eval('#submit-next [data-rank]', (r) => r.map((x) => x.getAttribute('data-rank')))).toEqual(j.submitNext.map((s) => s.name));
    expect(await page.$$eval('#blockers li', (l) => l.length)).toBe(Math.min(15, j.rootCauses.length));
    expect(await page.$$eval('svg.graph .node.root', (n) => n.length)).toBe(Math.min(10, j.rootCauses.length));
  });
  it('lists every package with data-package and data-status', async () => {
    const rows = await page.$$eval('#rows tr', (rs) => rs.map((r) => [r.getAttribute('data-package'), r.getAttribute('data-status')]));
    expect(rows).toEqual(j.packages.map((p) => [p.name, p.status]));
  });
  it('searches by substring and exactly, and filters by status', async () => {
    await page.fill('#search', 'perl');
    expect(await rowNames()).toEqual(names((p) => p.name.includes('perl')));
    expect((await rowNames()).length).toBeGreaterThan(1);
    await page.selectOption('#mode', 'exact');
    expect(await rowNames()).toEqual(['perl']);
    await page.fill('#search', '');
    await page.selectOption('#mode', 'substring');
    await page.selectOption('#status', 'blocked');
    expect(await rowNames()).toEqual(names((p) => p.status === 'blocked'));
    await page.selectOption('#status', '');
    expect(errors).toEqual([]);
  });
  it('sorts by a column, both ways', async () => {
    const blocks = new Map(j.ranking.map((r) => [r.name, r.blocksInAll]));
    const expected = j.packages.map((p, i) => ({ n: p.name, a: blocks.get(p.name) ?? 0, i })).sort((x, y) => y.a - x.a || x.i - y.i).map((x) => x.n);
    await page.click('th[data-sort="blocks"]');
    const got = (await rowNames()) as string[];
    expect(got.map((n) => [n, blocks.get(n) ?? 0])).toEqual(expected.map((n) => [n, blocks.get(n) ?? 0]));
    expect(await page.getAttribute('th[data-sort="blocks"]', 'aria-sort')).toBe('descending');
    await page.click('th[data-sort="name"]');
    expect(await rowNames()).toEqual(j.packages.map((p) => p.name));
  });
  it('exports the current view as CSV', async () => {
    await page.selectOption('#status', 'unresolvable');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="csv"]')]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('package,version,status,unblocks_now,blocks_in_all,on_cycle,blocked_by');
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(names((p) => p.status === 'unresolvable'));
    await page.selectOption('#status', '');
  });
  it('opens #pkg=NAME: blockers equal blockedBy, why equals the problems, links lead on', async () => {
    const blocked = j.packages.filter((p) => p.status === 'blocked');
    for (const p of [blocked[0], blocked[Math.floor(blocked.length / 2)], blocked[blocked.length - 1]]) {
      await page.goto(`file://${dir}/index.html#pkg=${encodeURIComponent(p.name)}`);
      await page.waitForSelector(`[data-details="${p.name}"]`);
      expect(await page.$$eval('[data-details] [data-blocker]', (l) => l.map((a) => a.getAttribute('data-blocker')))).toEqual(p.blockedBy);
      await page.waitForSelector('body[data-loaded="all"]'); // problems.js: the sentences come after the table
      expect(await page.$$eval('[data-details] [data-why] p', (ps) => ps.map((x) => x.textContent))).toEqual(p.problems);
    }
    const first = blocked[0];
    await page.goto(`file://${dir}/index.html#pkg=${encodeURIComponent(first.name)}`);
    await page.click(`[data-details] [data-blocker="${first.blockedBy[0]}"]`);
    await page.waitForSelector(`[data-details="${first.blockedBy[0]}"]`);
    expect(page.url()).toContain(`#pkg=${encodeURIComponent(first.blockedBy[0])}`);
  });
  it('answers why with libsolv in the page: each blocker\'s chain equals goose-deps why, within 1 s', async () => {
    const blocked = j.packages.filter((p) => p.status === 'blocked');
    const sample = [blocked[0], blocked[Math.floor(blocked.length / 2)], blocked[blocked.length - 1]];
    let pairs = 0;
    for (const p of sample) {
      await page.goto(`file://${dir}/index.html#pkg=${encodeURIComponent(p.name)}`);
      await page.waitForSelector('body[data-solv="ready"]', { timeout: 30_000 });
      const t = Date.now();
      const want = p.blockedBy.slice(0, 8);
      await page.waitForSelector(`[data-why-needs="${want[want.length - 1]}"]`);
      expect(Date.now() - t).toBeLessThan(1000 * want.length);
      const got = await page.$$eval('[data-details] [data-why] pre[data-why-needs]', (l) => l.map((e) => [e.getAttribute('data-why-needs'), e.textContent]));
      expect(got.map((g) => g[0])).toEqual(want);
      for (const [b, text] of got) {
        const cli = await runCli(['why', '--example', '--no-cache', p.name, b!]);
        expect(cli.code).toBe(0);
        expect(text).toBe(cli.stdout);
        expect(text).toMatch(new RegExp(`^Because ${p.name} `));
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThan(3);
    expect(errors).toEqual([]);
  });
  it('answers a why question asked in the panel as goose-deps why does, also when A does not need B', async () => {
    const p = j.packages.find((x) => x.status === 'blocked')!;
    const other = j.packages.find((x) => x.status === 'built' && !p.blockedBy.includes(x.name) && x.name !== p.name)!;
    await page.goto(`file://${dir}/index.html#pkg=${encodeURIComponent(p.name)}`);
    await page.waitForSelector('body[data-solv="ready"]', { timeout: 30_000 });
    for (const b of [p.blockedBy[0], other.name, 'no-such-source']) {
      await page.fill('[data-why-form] input', b);
      const t = Date.now();
      await page.click('[data-action="why"]');
      await page.waitForSelector(`[data-why-answer="${b}"]`);
      expect(Date.now() - t).toBeLessThan(1000);
      const cli = await runCli(['why', '--example', '--no-cache', p.name, b]);
      const text = await page.textContent(`[data-why-answer="${b}"]`);
      if (cli.code === 2) expect(text).toBe(`goose-deps: error: ${(cli.stderr.match(/no source package named .*/) ?? [''])[0]}\n`);
      else expect(text).toBe(cli.stdout);
      expect(await page.getAttribute(`[data-why-answer="${b}"]`, 'data-ok')).toBe(cli.code === 0 ? 'yes' : 'no');
    }
  });
  it('answers what-if in the page as readiness --assume-built does, within 1 s', async () => {
    for (const x of j.ranking.slice(0, 4).map((r) => r.name)) {
      await page.goto(`file://${dir}/index.html#pkg=${encodeURIComponent(x)}`);
      await page.waitForSelector(`[data-details="${x}"]`);
      const t = Date.now();
      await page.click('[data-action="whatif"]');
      await page.waitForSelector(`[data-whatif="${x}"]`);
      expect(Date.now() - t).toBeLessThan(1000);
      const ready = await page.$$eval('[data-whatif] [data-becomes-ready]', (l) => l.map((e) => e.getAttribute('data-becomes-ready')));
      expect(ready).toEqual(whatIfBuilt(j.packages, [x]).becomesReady);
      if (x === j.ranking[0].name) {
        // The command itself, as a user runs it.
        const cli = await runCli(['readiness', '--repo', EXAMPLE.repo[0], '--srcrepo', EXAMPLE.srcrepo[0], '--built', built, '--group', 'build', '--arch', 'x86_64', '--no-cache', '--assume-built', x, '--json']);
        expect(ready).toEqual(JSON.parse(cli.stdout).whatIf.becomesReady);
      }
    }
    expect(j.ranking.some((r) => whatIfBuilt(j.packages, [r.name]).becomesReady.length > 0)).toBe(true);
    expect(errors).toEqual([]);
  });
  it('renders a non-trivial picture (screenshot kept beside the page)', async () => {
    await page.goto(`file://${dir}/index.html`);
    const png = join(dir, 'readiness.png');
    await page.screenshot({ path: png, fullPage: true });
    const b = readFileSync(png);
    expect(b.subarray(1, 4).toString()).toBe('PNG');
    expect(b.readUInt32BE(16)).toBe(1280);
    expect(b.readUInt32BE(20)).toBeGreaterThan(900);
    expect(b.length).toBeGreaterThan(50_000);
  });
});

describe('the page folder published on a static web server', () => {
  let server: Server;
  afterAll(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));
  it('loads every file over http and answers why with libsolv as over file://', async () => {
    const types: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8' };
    const served: string[] = [];
    server = createServer((req, res) => {
      const name = decodeURIComponent(new URL(req.url!, 'http://x').pathname.slice(1));
      if (name === 'favicon.ico') return void res.writeHead(204).end(); // what browsers ask every server for
      if (!readdirSync(dir).includes(name)) return void res.writeHead(404).end();
      served.push(name);
      res.writeHead(200, { 'content-type': types[name.split('.').pop()!] ?? 'application/octet-stream' }).end(readFileSync(join(dir, name)));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const p = j.packages.find((x) => x.status === 'blocked')!;
    await page.goto(`${base}/index.html#pkg=${encodeURIComponent(p.name)}`);
    await page.waitForSelector('body[data-solv="ready"]', { timeout: 30_000 });
    await page.waitForSelector(`[data-why-needs="${p.blockedBy[0]}"]`);
    expect(await page.textContent(`[data-why-needs="${p.blockedBy[0]}"]`)).toBe((await runCli(['why', '--example', '--no-cache', p.name, p.blockedBy[0]])).stdout);
    expect([...new Set(served)].sort()).toEqual(['app.js', 'data.js', 'first.js', 'index.html', 'libsolv.js', 'page-solv.js', 'problems.js', 'solv.js']);
    expect(errors).toEqual([]);
  });
});

describe('the one-file form and paging', () => {
  it('pages through every row of a larger report, self-contained in one file', async () => {
    // The example's packages many times over, renamed: more rows than one page holds.
    const copies = 8;
    const packages = Array.from({ length: copies }, (_, c) => j.packages.map((p) => ({ ...p, name: `${p.name}-${c}`, blockedBy: p.blockedBy.map((b) => `${b}-${c}`) }))).flat().sort((a, b) => (a.name < b.name ? -1 : 1));
    const big: ReadinessJson = { ...j, packages, summary: { ...j.summary, total: packages.length }, ranking: [], submitNext: [] };
    const file = join(mkdtempSync(join(tmpdir(), 'goose-html1-')), 'readiness.html');
    writeFileSync(file, readinessHtml(big));
    await page.goto(`file://${file}`);
    const seen: string[] = [];
    for (;;) {
      seen.push(...((await rowNames()) as string[]));
      if (await page.isDisabled('#next')) break;
      await page.click('#next');
    }
    expect(seen).toEqual(packages.map((p) => p.name));
    expect(Math.ceil(packages.length / PAGE_ROWS)).toBeGreaterThan(1);
    expect(errors).toEqual([]);
  });
  it('escapes what it embeds', () => {
    expect(escapeHtml('<a href="x">&\'')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
    const html = readinessHtml({ ...j, packages: [{ ...j.packages[0], name: '</script><b>x' }] });
    expect(html).not.toContain('</script><b>x');
  });
});
