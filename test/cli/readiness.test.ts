import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { EXAMPLE } from '../../src/cli/context.js';
import { builtFolder, groupSources } from '../readiness/readiness-fixture.js';
import { buildPageBundle } from '../../scripts/build-page.js';

const run = runCli;

let core: string[];
let builtCore: string;
const base = (built: string) => ['readiness', '--repo', EXAMPLE.repo[0], '--srcrepo', EXAMPLE.srcrepo[0], '--built', built, '--group', 'build', '--arch', 'x86_64', '--no-cache'];
beforeAll(async () => {
  core = await groupSources();
  builtCore = await builtFolder(core);
});

describe('goose-deps readiness', () => {
  it('prints JSON with packages {name, status, blockedBy, problems}, counts and ranked root causes; exits 1 for the unresolvable ones', async () => {
    const r = await run([...base(builtCore), '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.summary).toMatchObject({ total: 38, built: 17, ready: 1, blocked: 17, unresolvable: 3 });
    const rpmlint = j.packages.find((p: { name: string }) => p.name === 'rpmlint');
    expect(rpmlint).toMatchObject({ status: 'blocked', blockedBy: ['openssl', 'python-pip', 'python-setuptools', 'python3'] });
    expect(rpmlint.problems[0]).toMatch(/^rpmlint is blocked: it needs python3-pip \(a BuildRequires\), which only python3-pip provides, and python-pip is not built yet\.$/);
    expect(j.rootCauses[0]).toMatchObject({ status: 'cycle', blocksTransitively: 14 });
    expect(j.nextWave).toEqual(['hello']);
  });
  it('prints a plain summary in a pipe and a coloured one on a terminal', async () => {
    const plain = await run(base(builtCore));
    expect(plain.stdout).toMatch(/^38 source packages: 17 built \(44\.7%\), 1 ready \(2\.6%\), 17 blocked, 3 unresolvable\./);
    expect(plain.stdout).toMatch(/Submit next: 1 ready, most unblocked now first:\n  hello +unblocks +\d+ now, blocks +\d+ in all\n/);
    expect(plain.stdout).not.toContain('\x1b[');
    const tty = await run(base(builtCore), true);
    expect(tty.stdout).toContain('\x1b[');
  });
  it('writes Markdown', async () => {
    const r = await run([...base(builtCore), '--format', 'markdown']);
    expect(r.stdout).toContain('| built | 17 | 44.7% |');
    expect(r.stdout).toContain('## Submit next (1 ready)');
    expect(r.stdout).toContain('| source | unblocks now | blocks in all | on a cycle |');
    expect(r.stdout).toMatch(/- pandoc cannot be built, even with upstream binaries: it build-requires ghc-compiler >= 9\.4, which nothing provides\./);
  });
  it('ranks: unblocks-now recounted from the JSON, submit next the ready sources best first', async () => {
    const j = JSON.parse((await run([...base(builtCore), '--json'])).stdout);
    type P = { name: string; status: string; blockedBy: string[] };
    const recount = (n: string) => j.packages.filter((p: P) => p.status === 'blocked' && p.name !== n && p.blockedBy.length === 1 && p.blockedBy[0] === n).length;
    expect(j.ranking.length).toBeGreaterThan(5);
    for (const s of j.ranking) expect(s.unblocksNow).toBe(recount(s.name));
    expect(j.submitNext.map((s: P) => s.name)).toEqual(j.nextWave);
    const perl = j.ranking.find((s: P) => s.name === 'perl');
    expect(perl.unblocksNow).toBeGreaterThan(0);
    expect(perl.blocksInAll).toBeGreaterThanOrEqual(perl.unblocksNow);
  });
  it('--assume-built says which sources become ready, in JSON and text; an unknown source is exit 2', async () => {
    const j = JSON.parse((await run([...base(builtCore), '--json', '--assume-built', 'perl'])).stdout);
    type P = { name: string; status: string; blockedBy: string[] };
    const expected = j.packages.filter((p: P) => p.status === 'blocked' && p.blockedBy.every((b) => b === 'perl')).map((p: P) => p.name);
    expect(expected).toContain('texinfo');
    expect(j.whatIf).toMatchObject({ assumed: ['perl'], unknown: [], becomesReady: expected });
    const text = (await run([...base(builtCore), '--assume-built', 'perl'])).stdout;
    expect(text).toContain(`If perl were built: ${expected.length} sources would become ready:\n${expected.map((n: string) => `  ${n}\n`).join('')}`);
    const bad = await run([...base(builtCore), '--assume-built', 'no-such-source']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('UNKNOWN_SOURCE');
    expect(bad.stderr).toContain('no-such-source');
  });
  it('writes the page folder with libsolv beside it: the module, the upstream repositories as .solv, the bundle', async () => {
    await buildPageBundle();
    const dir = join(mkdtempSync(join(tmpdir(), 'goose-pagecli-')), 'page');
    const r = await run([...base(builtCore), '--format', 'html', '--output', dir]);
    expect(r.code).toBe(1); // the example has unresolvable sources
    expect(r.stderr).not.toContain('warning');
    expect(readdirSync(dir).sort()).toEqual(['app.js', 'data.js', 'first.js', 'index.html', 'libsolv.js', 'page-solv.js', 'problems.js', 'solv.js']);
    const solv = JSON.parse(readFileSync(join(dir, 'solv.js'), 'utf8').replace(/^window\.GOOSE_SOLV=/, '').replace(/;\n$/, ''));
    expect(solv).toMatchObject({ version: 1, arch: 'x86_64', weak: false });
    expect(solv.repos.map((x: { kind: string }) => x.kind)).toEqual(['binary', 'source']);
    expect(solv.group).toContain('gcc');
    // Each repository is a .solv file (magic SOLV), gzip then base64.
    for (const x of solv.repos) expect(gunzipSync(Buffer.from(x.solv, 'base64')).subarray(0, 4).toString()).toBe('SOLV');
    expect(readFileSync(join(dir, 'first.js'), 'utf8')).toMatch(/^window\.GOOSE_FIRST=\{"targets":38,"solv":true,/);
  });
  it('needs --output for html and --built always', async () => {
    expect((await run([...base(builtCore), '--format', 'html'])).stderr).toContain('--output');
    const r = await run(['readiness', '--repo', EXAMPLE.repo[0], '--srcrepo', EXAMPLE.srcrepo[0], '--no-cache']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--built');
  });
  it('keeps reports in --db and diffs the last two: newly built, ready, blocked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'goose-db-'));
    const db = join(dir, 'history.sqlite');
    expect((await run(['readiness', 'diff', '--db', db])).stderr).toContain('HISTORY_NOT_FOUND');
    // Before: only hello's binary is built, so the group does not install; after: the core too.
    await run([...base(await builtFolder(['hello'])), '--db', db, '--json']);
    expect(existsSync(db)).toBe(true);
    const first = await run(['readiness', 'diff', '--db', db, '--json']);
    expect(JSON.parse(first.stdout).newlyBuilt).toEqual(['hello']);
    await run([...base(await builtFolder([...core, 'hello'])), '--db', db, '--json']);
    const d = JSON.parse((await run(['readiness', 'diff', '--db', db, '--json'])).stdout);
    expect(d.from.id).toBe(1);
    expect(d.to.id).toBe(2);
    expect(d.newlyBuilt).toEqual(core);
    expect(d.newlyReady).toEqual([]); // hello is built in both
    expect(d.newlyBlocked).toEqual([]);
    expect(d.to.summary.built).toBe(18);
    const text = (await run(['readiness', 'diff', '--db', db])).stdout;
    expect(text).toContain(`newly built (17): ${core.join(' ')}`);
    expect(readFileSync(db).subarray(0, 15).toString()).toBe('SQLite format 3');
  });
});
