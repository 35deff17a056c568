import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildPlan, type CleanMode } from '../../src/plan/index.js';
import { GooseError } from '../../src/errors.js';
import { acyclic, graphOf, minimumRebuilds, namesOf, randomNeeds, readPlan, type Need } from './graphs.js';

const SEED = 1212;

describe('buildPlan on small hand-made distributions', () => {
  // gcc needs glibc's headers (content), glibc needs gcc as a compiler (tool): one of them is
  // rebuilt, and it is glibc, whose first build only misses a tool.
  const names = ['gcc', 'glibc', 'hello'];
  const needs: Need[] = [
    [0, 1, 'direct', true],
    [1, 0, 'direct', false],
    [2, 0, 'direct', false],
    [2, 1, 'group', true],
  ];
  it('builds glibc first against the upstream gcc, then gcc, then rebuilds glibc', () => {
    const plan = buildPlan(graphOf(names, needs));
    expect(plan.steps.map((s) => [s.wave, s.source, s.pass, s.bootstrap])).toEqual([
      [1, 'glibc', 1, true],
      [2, 'gcc', 1, false],
      [3, 'hello', 1, false],
      [4, 'glibc', 2, false],
    ]);
    expect(plan.steps[0].upstream).toEqual([{ source: 'gcc', binaries: ['gcc'], content: false, heaviest: { binary: 'gcc', class: 'a tool' } }]);
    expect(plan.steps[0].reason).toBe('bootstrap: built against the upstream gcc (gcc: a tool)');
    expect(plan.steps[3].reason).toBe('rebuilt: its first build used tools of the upstream gcc (gcc: a tool)');
    expect(plan.summary).toMatchObject({ sources: 3, builds: 4, rebuilds: 1, bootstrapBuilds: 1, isClean: true, rebuildsNeeded: { checked: 1, unneeded: [] } });
  });
  it('under --clean content rebuilds nothing when only tools come from upstream', () => {
    const plan = buildPlan(graphOf(names, needs), { clean: 'content' });
    expect(plan.summary).toMatchObject({ rebuilds: 0, builds: 3, bootstrapBuilds: 1, isClean: true });
    expect(plan.steps.map((s) => s.source)).toEqual(['glibc', 'gcc', 'hello']);
  });
  it('rebuilds a source that needs its own binaries, whatever the order', () => {
    const plan = buildPlan(graphOf(['gcc'], [[0, 0, 'direct', false]]));
    expect(plan.steps.map((s) => [s.source, s.pass, s.reason])).toEqual([
      ['gcc', 1, 'bootstrap: built against its own upstream binaries'],
      ['gcc', 2, 'rebuilt: its first build used its own upstream binaries'],
    ]);
    expect(buildPlan(graphOf(['gcc'], [[0, 0, 'direct', false]]), { clean: 'content' }).summary.rebuilds).toBe(0);
  });
  it('plans around --built sources (already rebuilt: their binaries are the plan’s) and names an unknown one', () => {
    const plan = buildPlan(graphOf(names, needs), { built: ['gcc'] });
    expect(plan.steps.map((s) => s.source)).toEqual(['glibc', 'hello']);
    expect(plan.summary).toMatchObject({ sources: 2, built: 1, rebuilds: 0, isClean: true });
    expect(() => buildPlan(graphOf(names, needs), { built: ['gcc', 'nope'] })).toThrow(GooseError);
    expect(() => buildPlan(graphOf(names, needs), { built: ['nope'] })).toThrow(/'nope'/);
  });
  it('leaves unresolvable sources out and lists the binaries of theirs that builds use as foreign', () => {
    const g = graphOf(['a', 'b', 'c'], [[0, 1, 'direct', true], [0, 2, 'direct', false]], [1]);
    g.externalBinaries = ['outside'];
    const plan = buildPlan(g);
    expect(plan.steps.map((s) => s.source)).toEqual(['c', 'a']);
    expect(plan.foreign).toEqual([{ binary: 'b-devel', source: 'b' }, { binary: 'outside' }]);
    expect(plan.unresolvable).toEqual([{ name: 'b', problems: [] }]);
  });
  it('rebuilds the fewest sources on a complete graph (all but one), and orders the rebuilds by content', () => {
    const n = 5;
    const all: Need[] = [];
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) all.push([a, b, 'group', b === 0]);
    const plan = buildPlan(graphOf(namesOf(n), all));
    expect(plan.summary.rebuilds).toBe(n - 1);
    // s00's binary is content for everyone: its first build comes first, its rebuild before the others'.
    expect(plan.steps[0].source).toBe('s00');
    const rebuilds = plan.steps.filter((s) => s.pass === 2);
    expect(rebuilds[0].source).toBe('s00');
    expect(rebuilds[0].wave).toBeLessThan(rebuilds[1].wave);
  });
});

describe('buildPlan with bootstrap variants', () => {
  // python3's docs need sphinx, sphinx needs python3; python3's bootstrap variant has no docs.
  const names = ['python3', 'sphinx'];
  const needs: Need[] = [
    [0, 1, 'direct', false],
    [1, 0, 'direct', true],
  ];
  const variantNeeds: Need[] = [];
  const bootstrap = { graph: graphOf(names, variantNeeds), sources: ['python3'] };
  it('builds the variant first, then sphinx, then python3 normally', () => {
    const plan = buildPlan(graphOf(names, needs), { bootstrap });
    expect(plan.steps.map((s) => [s.wave, s.source, s.pass, s.variant, s.bootstrap])).toEqual([
      [1, 'python3', 1, true, true],
      [2, 'sphinx', 1, false, false],
      [3, 'python3', 2, false, false],
    ]);
    expect(plan.steps[0].reason).toBe('bootstrap variant (built --with bootstrap): its reduced BuildRequires are all built');
    expect(plan.steps[2].reason).toBe('rebuilt: its first build was its bootstrap variant');
    expect(plan.summary).toMatchObject({ bootstrapVariants: 1, rebuilds: 1, isClean: true, rebuildsNeeded: { unneeded: [] } });
    const read = readPlan(names, needs, 'strict', plan, variantNeeds);
    expect(read.unclean).toEqual([]);
    expect(read.upstream(read.steps[0])).toEqual([]);
  });
  it('does not use a variant where no rebuild is needed, nor one whose buildroot does not install', () => {
    expect(buildPlan(graphOf(names, [[1, 0, 'direct', true]]), { bootstrap }).summary.bootstrapVariants).toBe(0);
    const broken = { graph: graphOf(names, [], [0]), sources: ['python3'] };
    const plan = buildPlan(graphOf(names, needs), { bootstrap: broken });
    expect(plan.summary).toMatchObject({ bootstrapVariants: 0, rebuilds: 1 });
  });
});

describe('buildPlan properties on random graphs', () => {
  const arb = fc.record({ g: randomNeeds(9), clean: fc.constantFrom<CleanMode>('strict', 'content'), exactLimit: fc.constantFrom(2, 16) });
  it('every last build is clean, every rebuild needed, every source built once or twice, waves in order; exact plans rebuild the minimum', () => {
    fc.assert(
      fc.property(arb, ({ g: { n, needs }, clean, exactLimit }) => {
        const names = namesOf(n);
        const plan = buildPlan(graphOf(names, needs), { clean, exactLimit });
        const read = readPlan(names, needs, clean, plan);
        expect(read.unclean).toEqual([]);
        expect(read.unneeded).toEqual([]);
        expect(plan.summary.isClean).toBe(true);
        expect(plan.summary.rebuildsNeeded.unneeded).toEqual([]);
        for (let v = 0; v < n; v++) {
          const mine = read.steps.filter((s) => s.v === v);
          expect(mine.map((s) => s.pass)).toEqual(mine.length === 1 ? [1] : [1, 2]);
          if (mine.length === 2) expect(mine[1].wave).toBeGreaterThan(mine[0].wave);
          // What the step says it took from upstream is what its wave gives it.
          for (const s of mine) expect(s.upstream.map((u) => u.source).sort()).toEqual(read.upstream(s).map(([, to]) => names[to]).sort());
        }
        const minimum = minimumRebuilds(n, needs, clean);
        if (exactLimit >= n) expect(plan.summary.rebuilds).toBe(minimum);
        else expect(plan.summary.rebuilds).toBeGreaterThanOrEqual(minimum);
        // Minimal: without any one rebuilt source, the rest no longer meets every must-cycle.
        const rebuilt = new Set(read.steps.filter((s) => s.pass === 2).map((s) => s.v));
        for (const r of rebuilt) {
          const others = new Set([...rebuilt].filter((x) => x !== r));
          const mustLeft = needs.filter(([a, , , c]) => (clean === 'strict' || c) && !others.has(a));
          expect(mustLeft.some(([a, b]) => a === b) || !acyclic(n, mustLeft.filter(([a, b]) => a !== b))).toBe(true);
        }
        expect(JSON.stringify(buildPlan(graphOf(names, needs), { clean, exactLimit }))).toBe(JSON.stringify(plan));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('buildPlan properties with bootstrap variants', () => {
  // A variant needs part of what its source needs (reduced BuildRequires).
  const arb = fc.record({ g: randomNeeds(8), keep: fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }), has: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), clean: fc.constantFrom<CleanMode>('strict', 'content'), exactLimit: fc.constantFrom(2, 16) });
  it('stays clean with every rebuild needed, first-builds a variant only for a rebuilt source that has one, and says what it takes from upstream', () => {
    fc.assert(
      fc.property(arb, ({ g: { n, needs }, keep, has, clean, exactLimit }) => {
        const names = namesOf(n);
        const withVariant = names.filter((_, i) => has[i]);
        const variantNeeds = needs.filter(([from], i) => has[from] && keep[i % keep.length]);
        const bootstrap = { graph: graphOf(names, variantNeeds), sources: withVariant };
        const plan = buildPlan(graphOf(names, needs), { clean, exactLimit, bootstrap });
        const read = readPlan(names, needs, clean, plan, variantNeeds);
        expect(read.unclean).toEqual([]);
        expect(read.unneeded).toEqual([]);
        for (const s of read.steps.filter((x) => x.variant)) {
          expect(withVariant).toContain(s.source);
          expect(read.steps.some((x) => x.v === s.v && x.pass === 2 && !x.variant)).toBe(true);
          expect(s.upstream.map((u) => u.source).sort()).toEqual(read.upstream(s).map(([, to]) => names[to]).sort());
        }
        expect(plan.summary.rebuilds).toBeGreaterThanOrEqual(minimumRebuilds(n, needs, clean));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
