import { beforeAll, describe, expect, it } from 'vitest';
import { buildOrder, type BuildGraph, type BuildOrderOptions } from '../../src/order/index.js';
import { orderDot } from '../../src/report/order.js';
import { exampleGraph } from '../helpers/example.js';
import { runCli } from '../helpers/cli.js';

let graph: BuildGraph;
beforeAll(async () => {
  graph = await exampleGraph(0);
});

/** The edges of a DOT text, with their attribute list ('' when plain). */
function dotEdges(dot: string): { from: string; needs: string; attrs: string }[] {
  return [...dot.matchAll(/^ {2}"([^"]+)" -> "([^"]+)"(?: \[(.*)\])?;$/gm)].map((m) => ({ from: m[1], needs: m[2], attrs: m[3] ?? '' }));
}

function waveOf(waves: string[][]): Map<string, number> {
  const m = new Map<string, number>();
  waves.forEach((w, i) => w.forEach((n) => m.set(n, i)));
  return m;
}

describe('orderDot agrees with the order', () => {
  const modes: [string, BuildOrderOptions][] = [['phased', {}], ['flat', { flat: true }], ['exclude-base', { excludeBase: true }]];
  for (const [mode, options] of modes) {
    for (const groupEdges of [false, true]) {
      it(`${mode}${groupEdges ? ' with group edges' : ''}: every drawn edge that is not a break goes to an earlier wave`, () => {
        const r = buildOrder(graph, { ...options, edges: true });
        const wave = waveOf(r.waves);
        const edges = dotEdges(orderDot(r, { groupEdges }));
        expect(edges.length).toBeGreaterThan(10);
        const plain = edges.filter((e) => !/break|upstream/.test(e.attrs));
        const wrong = plain.filter((e) => !(wave.get(e.from)! > wave.get(e.needs)!)).map((e) => `${e.from} -> ${e.needs}`);
        expect(wrong).toEqual([]);
        // Every break of the order is drawn, marked as what it is.
        const breaks = [...r.cycles.flatMap((c) => c.breaks), ...r.upstream];
        for (const b of breaks) {
          const drawn = edges.find((e) => e.from === b.from && e.needs === b.needs);
          expect(drawn?.attrs).toContain(b.kind === 'cycle' ? 'label="break"' : 'label="upstream"');
        }
        const group = edges.filter((e) => e.attrs.includes('dotted'));
        if (!groupEdges || options.excludeBase) expect(group).toEqual([]);
      });
    }
  }
  it('draws a different edge set under --exclude-base, with no build-group edge', () => {
    const phased = dotEdges(orderDot(buildOrder(graph, { edges: true }), { groupEdges: true }));
    const noBase = dotEdges(orderDot(buildOrder(graph, { excludeBase: true, edges: true }), { groupEdges: true }));
    expect(noBase).not.toEqual(phased);
    expect(phased.some((e) => e.attrs.includes('dotted'))).toBe(true);
    expect(noBase.some((e) => e.attrs.includes('dotted'))).toBe(false);
  });
  it('marks upstream builds apart from cycle breaks', () => {
    const r = buildOrder(graph, { edges: true });
    expect(r.upstream.length).toBeGreaterThan(0);
    expect(dotEdges(orderDot(r)).some((e) => e.attrs.includes('color=blue'))).toBe(true);
    expect(dotEdges(orderDot(r)).some((e) => e.attrs.includes('color=red'))).toBe(true);
  });
  it('--focus draws only the neighbourhood, widening with --depth', () => {
    const r = buildOrder(graph, { edges: true });
    const all = dotEdges(orderDot(r));
    const one = dotEdges(orderDot(r, { focus: 'python3' }));
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((e) => e.from === 'python3' || e.needs === 'python3' || all.some((a) => a.from === e.from && a.needs === e.needs))).toBe(true);
    const near = new Set(one.flatMap((e) => [e.from, e.needs]));
    expect(near.has('python3')).toBe(true);
    const two = dotEdges(orderDot(r, { focus: 'python3', depth: 2 }));
    expect(two.length).toBeGreaterThan(one.length);
    expect(two.length).toBeLessThanOrEqual(all.length);
    expect(dotEdges(orderDot(r, { focus: 'python3', depth: 0 }))).toEqual([]);
  });
  it('--focus on a name that is not in the order is UNKNOWN_SOURCE', () => {
    const r = buildOrder(graph, { edges: true });
    expect(() => orderDot(r, { focus: 'no-such-source' })).toThrow(expect.objectContaining({ code: 'UNKNOWN_SOURCE' }));
  });
});

describe('goose-deps order --format dot', () => {
  it('leaves group edges out unless --group-edges, and takes --focus/--depth', async () => {
    const plain = await runCli(['order', '--example', '--format', 'dot', '--no-cache']);
    const group = await runCli(['order', '--example', '--format', 'dot', '--group-edges', '--no-cache']);
    expect(dotEdges(group.stdout).length).toBeGreaterThan(dotEdges(plain.stdout).length);
    expect(dotEdges(plain.stdout).some((e) => e.attrs.includes('dotted'))).toBe(false);
    const focus = await runCli(['order', '--example', '--format', 'dot', '--focus', 'perl', '--depth', '1', '--no-cache']);
    expect(dotEdges(focus.stdout).length).toBeLessThan(dotEdges(plain.stdout).length);
    expect(focus.stdout).toContain('"perl" [style=bold]');
    const bad = await runCli(['order', '--example', '--format', 'dot', '--focus', 'nope', '--no-cache']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('UNKNOWN_SOURCE');
  });
});
