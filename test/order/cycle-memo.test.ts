/**
 * The cycle-break memo: feedbackArcSet answers the same with it as without (computed, then
 * recalled), and an order of a subset that holds a large cycle of the whole graph, with the memo
 * the whole order filled, equals the same order computed afresh, reading the breaks instead.
 */
import fc from 'fast-check';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedbackArcSet, stronglyConnected } from '../../src/graph/index.js';
import { buildOrder, CycleMemo, GraphStore, GraphStoreDamaged, packNeedEdges, type BuildGraph, type NeedEdge } from '../../src/order/index.js';
import { SEED, cyclicGraph } from '../graph/arbitraries.js';

describe('CycleMemo', () => {
  it('gives feedbackArcSet the answer it computes without it, then recalls it', () => {
    fc.assert(
      fc.property(cyclicGraph(13, 40, 2), (g) => {
        const all = Array.from({ length: g.nodeCount }, (_, i) => i);
        const plain = feedbackArcSet(g, all);
        const memo = new CycleMemo();
        expect(feedbackArcSet(g, all, { memo })).toEqual(plain);
        expect(memo.added).toBe(stronglyConnected(g).cyclic.length > 0);
        const again = new CycleMemo(memo.known);
        expect(feedbackArcSet(g, all, { memo: again })).toEqual(plain);
        expect(again.added).toBe(false);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('orders a subset holding a large cycle of the whole graph the same with the whole order’s breaks', () => {
    // 30 sources in one cycle with chords (more than the exact limit), and 10 outside needing them.
    const n = 40;
    const rows: NeedEdge[] = [];
    const via = (k: number) => [{ binary: `b${k}`, buildRequires: k % 3 ? `b${k}` : undefined }].map((v) => (v.buildRequires ? v : { binary: v.binary }));
    for (let i = 0; i < 30; i++) {
      rows.push({ from: i, needs: (i + 1) % 30, kind: i % 4 ? 'direct' : 'indirect', via: via((i + 1) % 30) });
      rows.push({ from: i, needs: (i * 7 + 3) % 30, kind: 'indirect', via: via((i * 7 + 3) % 30) });
    }
    for (let i = 30; i < n; i++) rows.push({ from: i, needs: i - 30, kind: 'direct', via: via(i - 30) });
    const uniq = [...new Map(rows.filter((r) => r.from !== r.needs).map((r) => [`${r.from}>${r.needs}`, r])).values()];
    const graph: BuildGraph = {
      sources: Array.from({ length: n }, (_, i) => ({ name: `s${String(i).padStart(2, '0')}`, evr: '1-1', buildRequires: [], inGroupBuildroot: false })),
      ...packNeedEdges(uniq),
      unresolvable: [],
      groupBuildroot: [],
      groupProblems: [],
      externalBinaries: [],
      timings: { solve: 0, total: 0 },
    };
    const memo = new CycleMemo();
    const whole = buildOrder(graph, { cycleMemo: memo, edges: true });
    expect(whole).toEqual(buildOrder(graph, { edges: true }));
    expect(whole.cycles[0].members).toHaveLength(30);
    expect(memo.known.size).toBe(1);
    const only = new Set([...Array(30).keys(), 31, 35, 39]);
    const recalled = new CycleMemo(memo.known);
    expect(buildOrder(graph, { only, cycleMemo: recalled, edges: true })).toEqual(buildOrder(graph, { only, edges: true }));
    expect(recalled.added).toBe(false);
  });
});

describe('GraphStore cycles', () => {
  it('round-trip the breaks; an altered file is GraphStoreDamaged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'goose-cycles-'));
    try {
      const store = await GraphStore.open({ cacheDir: dir }, 'k');
      expect((await store.cycles()).size).toBe(0);
      const breaks = new Map([['b', Int32Array.from([1, 5, 9])], ['a', Int32Array.from([])]]);
      await store.putCycles(breaks);
      const back = await store.cycles();
      expect([...back].map(([k, v]) => [k, [...v]])).toEqual([['a', []], ['b', [1, 5, 9]]]);
      const path = join(dir, 'graphs', 'k', 'cycles.json');
      const bytes = await readFile(path);
      bytes[5] ^= 1;
      await writeFile(path, bytes);
      await expect(store.cycles()).rejects.toThrow(GraphStoreDamaged);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
