import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { computeReadiness } from '../../src/readiness/index.js';
import { loadReadinessInput } from '../../src/cli/readiness.js';
import { EXAMPLE } from '../../src/cli/context.js';
import { readinessJson, type ReadinessJson } from '../../src/report/readiness-json.js';
import { readinessHtml, escapeHtml } from '../../src/report/readiness-html.js';
import { builtFolder, groupSources } from '../readiness/readiness-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
let j: ReadinessJson;
let file: string;
let dir: string;
let browser: BrowserContext;
let page: Page;
const errors: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)`);
  const built = await builtFolder(await groupSources());
  const { input, free } = await loadReadinessInput({ repo: EXAMPLE.repo, srcrepo: EXAMPLE.srcrepo, built: [built], group: 'build', arch: 'x86_64', cache: false });
  j = readinessJson(await computeReadiness(input));
  free();
  dir = mkdtempSync(join(tmpdir(), 'goose-html-'));
  file = join(dir, 'readiness.html');
  writeFileSync(file, readinessHtml(j));
  // A fresh profile each run (playwright passes it to chromium as --user-data-dir).
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'goose-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => r.url() !== `file://${file}` && requests.push(r.url()));
  await page.goto(`file://${file}`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const rowNames = () => page.$$eval('#rows tr', (rows) => rows.map((r) => r.getAttribute('data-name')));

describe('the readiness HTML page in headless Chromium', () => {
  it('loads with no console errors and no network request', () => {
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
  it('shows the JSON report\'s numbers', async () => {
    for (const k of ['total', 'built', 'ready', 'blocked', 'unresolvable'] as const) {
      expect(await page.textContent(`[data-count="${k}"]`)).toBe(String(j.summary[k]));
    }
    expect(await page.textContent('#pct-built')).toBe(String(j.summary.percentBuilt));
    expect(await page.textContent('#pct-ready')).toBe(String(j.summary.percentReady));
    expect(await page.$$eval('#blockers li', (l) => l.length)).toBe(Math.min(15, j.rootCauses.length));
    expect(await page.getAttribute('#blockers li', 'data-blocker')).toBe(j.rootCauses[0].members.join(','));
    expect(await page.$$eval('#rows tr', (r) => r.length)).toBe(j.packages.length);
    expect(await page.$$eval('svg.graph .node.root', (n) => n.length)).toBe(Math.min(10, j.rootCauses.length));
  });
  it('filters the table with the search box and the status list', async () => {
    await page.fill('#search', 'python-pip');
    expect(await rowNames()).toEqual(['python-pip', 'rpmlint']); // by name, and by what blocks rpmlint
    expect(await page.textContent('#shown')).toBe('2 matching packages');
    await page.fill('#search', 'ghc-compiler');
    expect(await rowNames()).toEqual(['pandoc']); // by the reason
    await page.fill('#search', '');
    await page.selectOption('#status', 'ready');
    expect(await rowNames()).toEqual(j.nextWave);
    await page.selectOption('#status', '');
    expect(await rowNames()).toEqual(j.packages.map((p) => p.name));
    expect(errors).toEqual([]);
  });
  it('renders a non-trivial picture (screenshot kept beside the page)', async () => {
    const png = join(dir, 'readiness.png');
    await page.screenshot({ path: png, fullPage: true });
    const b = readFileSync(png);
    expect(b.subarray(1, 4).toString()).toBe('PNG');
    const width = b.readUInt32BE(16);
    const height = b.readUInt32BE(20);
    expect(width).toBe(1280);
    expect(height).toBeGreaterThan(900);
    expect(b.length).toBeGreaterThan(50_000);
  });
  it('escapes what it embeds', () => {
    expect(escapeHtml('<a href="x">&\'')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
    const html = readinessHtml({ ...j, packages: [{ ...j.packages[0], name: '</script><b>x' }] });
    expect(html).not.toContain('</script><b>x');
  });
});
