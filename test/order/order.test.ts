import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildOrder } from '../../src/order/index.js';
import { needEdge, packNeedEdges, type BuildGraph, type NeedEdge } from '../../src/order/index.js';
import { exampleGraph } from '../helpers/example.js';

let graph: BuildGraph;
beforeAll(async () => {
  // The real path: two worker threads (the solve service), as the CLI runs it.
  graph = await exampleGraph(2);
});

/** Checks the order's promise: every followed edge goes to a strictly earlier wave. */
function checkOrder(g: BuildGraph, options: Parameters<typeof buildOrder>[1] = {}) {
  const r = buildOrder(g, options);
  const waveOf = new Map<string, number>();
  r.waves.forEach((w, i) => w.forEach((n) => waveOf.set(n, i)));
  const broken = new Set([...r.cycles.flatMap((c) => c.breaks), ...r.upstream].map((b) => `${b.from}>${b.needs}`));
  const names = g.sources.map((s) => s.name);
  const unresolvable = new Set(r.unresolvable.map((u) => u.name));
  const violations: string[] = [];
  for (let row = 0; row < g.edges.count; row++) {
    const e = needEdge(g, row);
    const [a, b] = [names[e.from], names[e.needs]];
    if (a === b || unresolvable.has(a) || unresolvable.has(b) || broken.has(`${a}>${b}`)) continue;
    if (options.excludeBase && e.kind === 'group') continue;
    const phased = !options.flat && !options.excludeBase;
    if (phased && g.sources[e.from].inGroupBuildroot && e.kind === 'group') continue;
    if (!(waveOf.get(a)! > waveOf.get(b)!)) violations.push(`${a} (wave ${waveOf.get(a)}) needs ${b} (wave ${waveOf.get(b)})`);
  }
  return { r, violations };
}

describe('buildOrder on the example distribution', () => {
  it('finds the cycles the fixtures were written to have, breaking the cheap edge', () => {
    const { r } = checkOrder(graph);
    const cycles = r.cycles.map((c) => c.members.join(','));
    expect(cycles).toContain('perl,perl-ExtUtils-MakeMaker,perl-generators');
    expect(cycles).toContain('python-setuptools,python3');
    const xml = r.cycles.find((c) => c.members.includes('libxml2'))!;
    // libxml2 needs docbook-style-xsl only through asciidoc's runtime Requires: that edge breaks.
    expect(xml.breaks.map((b) => [b.from, b.needs, b.need])).toEqual([['libxml2', 'docbook-style-xsl', 'indirect']]);
  });
  it('reports gcc building itself as a bootstrap problem', () => {
    const { r } = checkOrder(graph);
    expect(r.selfNeeds.map((s) => s.name)).toEqual(['gcc']);
    expect(r.selfNeeds[0].via).toContainEqual({ binary: 'gcc', buildRequires: 'gcc' });
  });
  it('lists the unresolvable sources with the solver explanation', () => {
    const { r } = checkOrder(graph);
    expect(r.unresolvable.map((u) => u.name)).toEqual(['musl', 'pandoc', 'python-pip']);
    expect(r.unresolvable.find((u) => u.name === 'pandoc')!.problems.join()).toContain('ghc-compiler >= 9.4');
  });
  it('puts the build group first and every followed edge toward an earlier wave', () => {
    for (const options of [{}, { flat: true }, { excludeBase: true }]) {
      const { r, violations } = checkOrder(graph, options);
      expect(violations).toEqual([]);
      const all = r.waves.flat();
      expect(new Set(all).size).toBe(all.length);
      expect(all.length + r.unresolvable.length).toBe(graph.sources.length);
    }
    const { r } = checkOrder(graph);
    expect(r.waves.slice(0, r.phaseOneWaves).flat()).toContain('glibc');
    expect(r.waves.slice(r.phaseOneWaves).flat()).toContain('perl');
  });
  it('is deterministic', () => {
    expect(JSON.stringify(buildOrder(graph, { edges: true }))).toBe(JSON.stringify(buildOrder(graph, { edges: true })));
  });
  it('gives from this thread exactly what the workers give', async () => {
    const local = await exampleGraph(0);
    expect(JSON.stringify({ ...local, timings: 0 })).toBe(JSON.stringify({ ...graph, timings: 0 }));
    expect(JSON.stringify(buildOrder(local, { edges: true }))).toBe(JSON.stringify(buildOrder(graph, { edges: true })));
  });
});

describe('buildOrder properties on random graphs', () => {
  const kinds = ['direct', 'indirect', 'group'] as const;
  const arbGraph = fc.integer({ min: 1, max: 14 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      inGroup: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      edges: fc.uniqueArray(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.constantFrom(...kinds)), { maxLength: n * 4, selector: (t) => `${t[0]},${t[1]}` }),
    }),
  );
  const toGraph = (x: { n: number; inGroup: boolean[]; edges: [number, number, (typeof kinds)[number]][] }): BuildGraph => ({
    sources: x.inGroup.map((g, i) => ({ name: `s${String(i).padStart(2, '0')}`, evr: '1-1', buildRequires: [], inGroupBuildroot: g })),
    ...packNeedEdges(x.edges.map(([from, needs, kind]): NeedEdge => ({ from, needs, kind, via: [{ binary: `b${needs}` }] }))),
    unresolvable: [],
    groupBuildroot: [],
    groupProblems: [],
    externalBinaries: [],
    timings: { solve: 0, total: 0 },
  });
  it('every followed edge points to a strictly earlier wave (so no wave has an edge inside it), and output repeats', () => {
    fc.assert(
      fc.property(arbGraph, fc.constantFrom({}, { flat: true }, { excludeBase: true }), (x, options) => {
        const g = toGraph(x);
        const { r, violations } = checkOrder(g, options);
        expect(violations).toEqual([]);
        expect(JSON.stringify(buildOrder(g, options))).toBe(JSON.stringify(r));
      }),
      { seed: 4242, numRuns: 300 },
    );
  });
});

describe('a broken build group in the order', () => {
  const problem = (text: string) => ({ text, rules: [] }) as unknown as BuildGraph['groupProblems'][number];
  const groupLines = Array.from({ length: 24 }, (_, i) => `package grp${i} requires missing${i}, but none of the providers can be installed`);
  const g: BuildGraph = {
    sources: ['a', 'b', 'c'].map((name) => ({ name, evr: '1-1', buildRequires: [], inGroupBuildroot: false })),
    ...packNeedEdges([]),
    unresolvable: [
      // Every source repeats the group's problems, and a problem text can come three times.
      { source: 0, problems: [...groupLines, 'nothing provides requested foo-devel', 'nothing provides requested foo-devel', 'nothing provides requested foo-devel'].map(problem) },
      { source: 1, problems: groupLines.map(problem) },
    ],
    groupBuildroot: [],
    groupProblems: groupLines.map(problem),
    externalBinaries: [],
    timings: { solve: 0, total: 0 },
  };
  it("lists per source only its own problems, each text once", () => {
    const r = buildOrder(g);
    expect(r.unresolvable).toEqual([
      { name: 'a', problems: ['nothing provides requested foo-devel'] },
      { name: 'b', problems: [] },
    ]);
  });
  it('says in the text that a source has only the group problems', async () => {
    const { orderText } = await import('../../src/report/order.js');
    const text = orderText(buildOrder(g));
    expect(text).toContain("  b: only the build group's problems (above)");
    expect(text.split('grp0 requires').length - 1).toBe(0);
  });
});
