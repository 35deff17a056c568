import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';

const run = runCli;

const expected = (f: string) => readFileSync(join(PROJECT_ROOT, 'fixtures', 'goose-dist', 'expected', f), 'utf8');

describe('goose-deps order', () => {
  it('prints the example order, byte for byte as recorded, exiting 1 for its unresolvable sources', async () => {
    const r = await run(['order', '--example', '--no-cache']);
    expect(r.stdout).toBe(expected('order.txt'));
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').length).toBeLessThan(50); // one screen
  });
  it('prints koji chain-build groups', async () => {
    const r = await run(['order', '--example', '--format', 'koji', '--no-cache']);
    expect(r.stdout).toBe(expected('order.koji'));
  });
  it('gives JSON with waves, cycles (members, breaks {from, needs, via, kind}) and unresolvable (name, problems)', async () => {
    const r = await run(['order', '--example', '--json', '--edges', '--no-cache']);
    const j = JSON.parse(r.stdout);
    expect(j.waves.flat()).toContain('gcc');
    expect(j.cycles[0]).toHaveProperty('members');
    expect(j.cycles[0].breaks[0]).toEqual(expect.objectContaining({ from: expect.any(String), needs: expect.any(String), via: expect.any(Array), kind: 'cycle' }));
    expect(j.unresolvable.map((u: { name: string }) => u.name)).toEqual(['musl', 'pandoc', 'python-pip']);
    expect(j.edges.length).toBeGreaterThan(100);
    expect(j.edges[0]).toEqual(expect.objectContaining({ from: expect.any(String), needs: expect.any(String), via: expect.any(Array) }));
  });
  it('is byte-identical on repeated runs', async () => {
    const a = await run(['order', '--example', '--json', '--edges', '--no-cache']);
    const b = await run(['order', '--example', '--json', '--edges', '--no-cache']);
    expect(a.stdout).toBe(b.stdout);
  });
  it('exits 2 with a typed error naming a missing repository', async () => {
    const r = await run(['order', '--repo', '/nonexistent/repo', '--srcrepo', '/nonexistent/src']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error \[REPO_NOT_FOUND\].*\/nonexistent\/repo/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
  it('exits 2 on bad usage', async () => {
    expect((await run(['order', '--no-such-flag'])).code).toBe(2);
    expect((await run(['order', '--example', '--group', 'nonexistent-group', '--no-cache'])).stderr).toContain('GROUP_NOT_FOUND');
  });
});

describe('goose-deps order --format edges', () => {
  it('prints every need as a tab-separated line, the same needs as --json --edges', async () => {
    const tsv = (await run(['order', '--example', '--format', 'edges', '--no-cache'])).stdout.trim().split('\n').map((l) => l.split('\t'));
    const json = JSON.parse((await run(['order', '--example', '--json', '--edges', '--no-cache'])).stdout) as { edges: { from: string; needs: string; kind: string; via: { binary: string }[] }[] };
    expect(tsv).toEqual(json.edges.map((e) => [e.from, e.needs, e.kind, e.via.map((v) => v.binary).join(',')]));
  });
});

describe('orderText on a large order', () => {
  it('cuts long lists and says how many more there are', async () => {
    const { orderText } = await import('../../src/report/order.js');
    const many = Array.from({ length: 40 }, (_, i) => `s${i}`);
    const text = orderText({
      waves: many.map((n) => [n]),
      phaseOneWaves: 0,
      cycles: many.map((n) => ({ members: [n, `${n}b`], breaks: [] })),
      upstream: [],
      selfNeeds: many.map((name) => ({ name, via: [{ binary: name }] })),
      unresolvable: [],
    });
    expect(text).toContain('wave 30: s29');
    expect(text).not.toContain('wave 31:');
    expect(text).toContain('... and 10 more waves (see --json)');
    expect(text).toContain('... and 30 more cycles (see --json)');
    expect(text).toContain('... and 10 more bootstrap problems (see --json)');
  });
});

describe('goose-deps order with the graph store', () => {
  it('prints the same as --no-cache the first time and again from the store, for each format and option', async () => {
    const { mkdtemp, readdir, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const saved = process.env.XDG_CACHE_HOME;
    const tmp = await mkdtemp(join(tmpdir(), 'goose-order-store-'));
    process.env.XDG_CACHE_HOME = tmp;
    try {
      for (const flags of [[], ['--json', '--edges'], ['--exclude-base', '--format', 'koji'], ['--flat', '--format', 'edges'], ['--affected-by', 'zlib', '--json']]) {
        const fresh = await run(['order', '--example', ...flags, '--no-cache']);
        const first = await run(['order', '--example', ...flags]);
        const again = await run(['order', '--example', ...flags]);
        expect(first.stdout).toBe(fresh.stdout);
        expect(again.stdout).toBe(fresh.stdout);
        expect([first.code, again.code]).toEqual([fresh.code, fresh.code]);
      }
      const graphs = await readdir(join(tmp, 'goose-deps', 'graphs'));
      expect(graphs).toHaveLength(1);
      // The default, --exclude-base, --flat and the affected set: four orders of one graph.
      expect((await readdir(join(tmp, 'goose-deps', 'graphs', graphs[0]))).filter((n) => n.endsWith('.order'))).toHaveLength(4);
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
