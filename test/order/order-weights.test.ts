/** `order` with need weights: the toolchain of the example comes out as real bootstraps build it. */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOrder, type BuildOrderResult } from '../../src/order/index.js';
import type { BuildGraph } from '../../src/order/index.js';
import { needWeights } from '../../src/order/weights.js';
import { exampleGraph } from '../helpers/example.js';

let graph: BuildGraph;
let order: BuildOrderResult;
const wave = (n: string) => order.waves.findIndex((w) => w.includes(n));
beforeAll(async () => {
  graph = await exampleGraph();
  order = buildOrder(graph);
});

describe('buildOrder with need weights on the example distribution', () => {
  it('puts glibc, binutils and gmp before gcc, and ncurses before readline before bash, all in the first phase', () => {
    expect(wave('glibc')).toBeLessThan(wave('gcc'));
    expect(wave('binutils')).toBeLessThan(wave('gcc'));
    expect(wave('gmp')).toBeLessThan(wave('gcc'));
    expect(wave('ncurses')).toBeLessThan(wave('readline'));
    expect(wave('readline')).toBeLessThan(wave('bash'));
    for (const n of ['glibc', 'gcc', 'ncurses', 'readline', 'bash']) expect(wave(n)).toBeLessThan(order.phaseOneWaves);
  });
  it('follows every group need on content inside the first phase unless it breaks it, and no group need on a tool', () => {
    const { content } = needWeights(graph);
    const names = graph.sources.map((s) => s.name);
    const broken = new Set(order.cycles.flatMap((c) => c.breaks).map((b) => `${b.from}>${b.needs}`));
    const E = graph.edges;
    let followed = 0;
    for (let e = 0; e < E.count; e++) {
      const [a, b] = [names[E.from[e]], names[E.needs[e]]];
      if (a === b || E.kind[e] !== 2 || !graph.sources[E.from[e]].inGroupBuildroot || !graph.sources[E.needs[e]].inGroupBuildroot) continue;
      if (broken.has(`${a}>${b}`)) {
        expect(content[e]).toBe(1); // only content group needs are in the graph, so only they can be broken
        continue;
      }
      if (content[e]) {
        expect(wave(a)).toBeGreaterThan(wave(b));
        followed++;
      }
    }
    expect(followed).toBeGreaterThan(10);
  });
});
