/**
 * The kept result (src/readiness/kept.ts, kept-file.ts, src/cli/readiness-kept.ts): whatever the
 * built repos become between two runs, `readiness --json` with the kept result of the run before
 * prints byte for byte what `--no-cache` prints; a damaged file is skipped with a warning; and the
 * rule does reuse entries when little changed.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { EXAMPLE } from '../../src/cli/context.js';
import { builtFolder, groupSources } from './readiness-fixture.js';
import { openRebuild } from '../../src/distribution/index.js';
import { computeReadiness } from '../../src/readiness/index.js';
import { openKept } from '../../src/readiness/kept-file.js';
import { keptKey } from '../../src/cli/readiness-kept.js';
import type { ReadinessArgs } from '../../src/cli/readiness.js';

let core: string[];
let others: string[];
let cache: string;
const folders = new Map<string, string>();

/** The built folder of `sources` (made once per set). */
async function built(sources: readonly string[]): Promise<string> {
  const key = [...sources].sort().join(' ');
  if (!folders.has(key)) folders.set(key, await builtFolder(sources));
  return folders.get(key)!;
}

// `built=DIR`: every built folder is the repository `built`, as a build tag's repo is from run to run.
const args = (dir: string) => ['readiness', '--repo', EXAMPLE.repo[0], '--srcrepo', EXAMPLE.srcrepo[0], '--built', `built=${dir}`, '--group', 'build', '--arch', 'x86_64', '--json', '--cache-dir', cache];

beforeAll(async () => {
  core = await groupSources();
  const j = JSON.parse((await runCli([...args(await built(core)), '--no-cache'])).stdout) as { packages: { name: string }[] };
  const inCore = new Set(core);
  others = j.packages.map((p) => p.name).filter((n) => !inCore.has(n));
  cache = await mkdtemp(join(tmpdir(), 'goose-kept-'));
});
afterAll(async () => {
  await rm(cache, { recursive: true, force: true });
  for (const d of folders.values()) await rm(d, { recursive: true, force: true });
});

describe('the kept readiness result', () => {
  it('gives the --no-cache JSON, byte for byte, run after run over random changes of the built repo', async () => {
    // Each case starts from the core built and toggles a few sources per step (built, or no longer
    // built); mostly sources outside the core, as a change of the core touches every buildroot.
    const source = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...others) }, { weight: 1, arbitrary: fc.constantFrom(...core) });
    const step = fc.array(source, { minLength: 1, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 4 }), async (steps) => {
        const now = new Set(core);
        await runCli(args(await built([...now])));
        for (const toggles of steps) {
          for (const s of toggles) if (!now.delete(s)) now.add(s);
          const dir = await built([...now]);
          const kept = await runCli(args(dir));
          const full = await runCli([...args(dir), '--no-cache']);
          expect(kept.stderr).toBe('');
          expect(kept.code).toBe(full.code);
          expect(kept.stdout).toBe(full.stdout);
        }
      }),
      { numRuns: 20, seed: 1303 },
    );
    expect((await readdir(join(cache, 'readiness'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('reuses the entries whose inputs are unchanged (most of them, after one more source is built)', async () => {
    const before = await built(core);
    const one = others.find((n) => n === 'perl') ?? others[0];
    const after = await built([...core, one]);
    await runCli(args(before));
    const file = join(cache, 'readiness', (await readdir(join(cache, 'readiness')))[0]);
    const cli: ReadinessArgs = { repo: [EXAMPLE.repo[0]], srcrepo: [EXAMPLE.srcrepo[0]], built: [`built=${after}`], group: 'build', arch: 'x86_64', only: [], format: 'json', weak: false } as unknown as ReadinessArgs;
    const input = await openRebuild({ repos: cli.repo, srcrepos: cli.srcrepo, built: cli.built, group: 'build', arch: 'x86_64', noCache: true });
    try {
      const kept = openKept(file, keptKey(input, cli));
      expect(kept).toBeDefined();
      try {
        const r = await computeReadiness(input, { kept });
        expect(r.stats.kept).toBeGreaterThan(0);
        expect(r.stats.kept).toBeLessThan(r.summary.blocked + r.summary.unresolvable);
        // perl built: the entries whose buildroots hold its binaries lose it as a blocker, patched (kept-patch.ts).
        expect(r.stats.patched).toBeGreaterThan(0);
        expect(r.stats.kept! + r.stats.patched!).toBeLessThanOrEqual(r.summary.blocked + r.summary.unresolvable);
      } finally {
        kept!.close();
      }
    } finally {
      input.free();
    }
  });

  it('leaves the file as it is when a run changes nothing, and writes it again when one does', async () => {
    const before = await built([...core, ...others.slice(0, 1)]);
    const after = await built([...core, ...others.slice(0, 2)]);
    await runCli(args(before));
    await runCli(args(before));
    const names = (await readdir(join(cache, 'readiness'))).filter((n) => n.endsWith('.kept'));
    expect(names.length).toBe(1);
    const file = join(cache, 'readiness', names[0]);
    const was = await stat(file);
    const bytes = await readFile(file);
    const again = await runCli(args(before));
    expect(again.stdout).toBe((await runCli([...args(before), '--no-cache'])).stdout);
    const now = await stat(file);
    expect([now.ino, now.mtimeMs]).toEqual([was.ino, was.mtimeMs]); // not renamed over, not written
    // A change: a new file (renamed into place) that the next run, changing nothing, keeps and reads.
    const changed = await runCli(args(after));
    expect((await stat(file)).ino).not.toBe(was.ino);
    expect(await readFile(file)).not.toEqual(bytes);
    const full = await runCli([...args(after), '--no-cache']);
    expect(changed.stdout).toBe(full.stdout);
    expect((await runCli(args(after))).stdout).toBe(full.stdout);
  });

  it('serves the text and Markdown reports too (entries parsed back when asked), and --output files', async () => {
    const before = await built(core);
    const after = await built([...core, ...others.slice(3, 5)]);
    for (const format of ['text', 'markdown']) {
      await runCli(args(before));
      const kept = await runCli([...args(after).filter((a) => a !== '--json'), '--format', format]);
      const full = await runCli([...args(after).filter((a) => a !== '--json'), '--format', format, '--no-cache']);
      expect(kept.stdout).toBe(full.stdout);
    }
    await runCli(args(before));
    const file = join(cache, 'out.json');
    await runCli([...args(after), '--output', file]);
    expect(await readFile(file, 'utf8')).toBe((await runCli([...args(after), '--no-cache'])).stdout);
  });

  it('stays whole when two runs share the cache at once (each renames a whole file into place)', async () => {
    const a = await built([...core, ...others.slice(0, 2)]);
    const b = await built([...core, ...others.slice(1, 4)]);
    const both = await Promise.all([runCli(args(a)), runCli(args(b)), runCli(args(a))]);
    for (const r of both) expect(r.stderr).toBe('');
    const names = await readdir(join(cache, 'readiness'));
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    for (const dir of [b, a]) {
      const r = await runCli(args(dir));
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe((await runCli([...args(dir), '--no-cache'])).stdout);
    }
  });

  it('skips a damaged or cut file with a warning and still prints the --no-cache JSON', async () => {
    const dir = await built([...core, ...others.slice(0, 3)]);
    const full = await runCli([...args(dir), '--no-cache']);
    for (const damage of [(b: Buffer) => b.subarray(0, b.length - 100), (b: Buffer) => (b[b.length >> 1] ^= 1, b), () => Buffer.from('not a kept result')]) {
      await runCli(args(dir));
      const names = (await readdir(join(cache, 'readiness'))).filter((n) => n.endsWith('.kept'));
      expect(names.length).toBe(1);
      const file = join(cache, 'readiness', names[0]);
      await writeFile(file, damage(await readFile(file)));
      const r = await runCli(args(dir));
      expect(r.stderr).toMatch(/^goose-deps: warning: damaged readiness result file .* skipped \((truncated|checksum|magic|trailer)\); the report is computed in full\n$/);
      expect(r.stdout).toBe(full.stdout);
    }
    // A file of another layout version (an older goose-deps) is another context's: not used, no warning.
    await runCli(args(dir));
    const file = join(cache, 'readiness', (await readdir(join(cache, 'readiness'))).find((n) => n.endsWith('.kept'))!);
    const b = await readFile(file);
    b.write('goose-readiness-kept-1\n', 0, 'latin1');
    await writeFile(file, b);
    const r = await runCli(args(dir));
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(full.stdout);
  });
});
