/** affectedSources on the example graph: level 1 is read off the edges, deeper levels grow monotonically and follow needs. */
import { beforeAll, describe, expect, it } from 'vitest';
import { affectedSources, buildOrder, needEdge, type BuildGraph } from '../../src/order/index.js';
import { exampleGraph } from '../helpers/example.js';

let graph: BuildGraph;
beforeAll(async () => {
  graph = await exampleGraph();
});

const rows = () => Array.from({ length: graph.edges.count }, (_, r) => needEdge(graph, r));
const index = (n: string) => graph.sources.findIndex((s) => s.name === n);

describe('affectedSources', () => {
  it('level 1: the sources with a binary of the seed source, or the seed binary, in their buildroot', () => {
    const z = index('zlib');
    const level1 = [...affectedSources(graph, { sources: ['zlib'] }, 1).keys()];
    expect(level1).toEqual([...new Set(rows().filter((e) => e.needs === z).map((e) => e.from))].sort((a, b) => a - b));
    const byBinary = [...affectedSources(graph, { binaries: ['zlib-devel'] }, 1).keys()];
    expect(byBinary).toEqual([...new Set(rows().filter((e) => e.via.some((v) => v.binary === 'zlib-devel')).map((e) => e.from))].sort((a, b) => a - b));
    expect(byBinary.every((i) => level1.includes(i))).toBe(true);
  });

  it('each deeper level holds the earlier ones, and every member of level k+1 needs one of level k', () => {
    let prev = new Map<number, number>();
    for (let d = 1; d <= 6; d++) {
      const cur = affectedSources(graph, { sources: ['zlib'] }, d);
      for (const [i, l] of prev) expect(cur.get(i)).toBe(l);
      for (const [i, l] of cur) if (l > 1) expect(rows().some((e) => e.from === i && e.from !== e.needs && e.kind !== 'group' && cur.get(e.needs) === l - 1)).toBe(true);
      prev = cur;
    }
    expect(affectedSources(graph, { sources: ['zlib'] }, 0).size).toBe(0);
    expect(affectedSources(graph, { sources: ['no-such'] }).size).toBe(0);
  });

  it('buildOrder over the affected set orders exactly those sources', () => {
    const only = new Set(affectedSources(graph, { sources: ['zlib'] }).keys());
    const r = buildOrder(graph, { only, edges: true });
    const ordered = [...r.waves.flat(), ...r.unresolvable.map((u) => u.name)].sort();
    expect(ordered).toEqual([...only].map((i) => graph.sources[i].name).sort());
    expect(r.edges!.every((e) => only.has(index(e.from)) && only.has(index(e.needs)))).toBe(true);
  });
});
