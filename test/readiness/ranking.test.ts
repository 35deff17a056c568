import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyseBlockers, rankSources, whatIfBuilt, type RankablePackage } from '../../src/readiness/index.js';
import { blockersAndRanking } from '../../src/readiness/ranking.js';

const pkg = (name: string, status: RankablePackage['status'], blockedBy: string[] = []): RankablePackage => ({ name, status, blockedBy });

/** a, b ready; c waits for a only; d for a and b; e for d; f and g wait for each other and for b. */
const SAMPLE = [
  pkg('a', 'ready'), pkg('b', 'ready'), pkg('c', 'blocked', ['a']), pkg('d', 'blocked', ['a', 'b']),
  pkg('e', 'blocked', ['d']), pkg('f', 'blocked', ['b', 'g']), pkg('g', 'blocked', ['f']), pkg('h', 'built'),
];

describe('rankSources', () => {
  it('counts unblocks-now, blocks-in-all and cycles, and orders submit-next by them', () => {
    const r = rankSources(SAMPLE);
    const by = new Map(r.sources.map((s) => [s.name, s]));
    expect(by.get('a')).toEqual({ name: 'a', status: 'ready', unblocksNow: 1, blocksInAll: 3, onCycle: false });
    expect(by.get('b')).toEqual({ name: 'b', status: 'ready', unblocksNow: 0, blocksInAll: 4, onCycle: false });
    expect(by.get('d')).toMatchObject({ unblocksNow: 1, blocksInAll: 1 });
    expect(by.get('f')).toMatchObject({ unblocksNow: 1, blocksInAll: 1, onCycle: true });
    expect(by.has('h')).toBe(false);
    expect(by.has('c')).toBe(false); // blocks nothing, not ready
    expect(r.submitNext.map((s) => s.name)).toEqual(['a', 'b']);
  });
  it('unblocks-now equals a recount: blocked sources whose blockedBy is that one source', () => {
    const names = 'abcdefghij'.split('');
    const arb = fc.array(fc.tuple(fc.constantFrom<RankablePackage['status']>('built', 'ready', 'blocked'), fc.subarray(names)), { minLength: 10, maxLength: 10 });
    fc.assert(
      fc.property(arb, (spec) => {
        const pkgs = spec.map(([status, bs], i) => pkg(names[i], status, status === 'blocked' ? bs : []));
        const r = rankSources(pkgs);
        for (const s of r.sources) {
          const recount = pkgs.filter((p) => p.status === 'blocked' && p.name !== s.name && p.blockedBy.length === 1 && p.blockedBy[0] === s.name).length;
          expect(s.unblocksNow).toBe(recount);
        }
        expect(r.submitNext.map((s) => s.name).sort()).toEqual(pkgs.filter((p) => p.status === 'ready').map((p) => p.name));
        expect(rankSources(pkgs)).toEqual(r);
      }),
    );
  });
});

describe('blockersAndRanking (one blocked-by graph for both)', () => {
  // Ten packages and two blockers outside them (x, y); a blocked package may wait for itself.
  const names = 'abcdefghij'.split('');
  const arb = fc.array(fc.tuple(fc.constantFrom<RankablePackage['status']>('built', 'ready', 'blocked', 'unresolvable'), fc.subarray([...names, 'x', 'y'])), { minLength: 10, maxLength: 10 });
  it('equals analyseBlockers and rankSources called apart, and blocks-in-all equals a recount', () => {
    fc.assert(
      fc.property(arb, (spec) => {
        const pkgs = spec.map(([status, bs], i) => pkg(names[i], status, status === 'blocked' ? bs : []));
        const both = blockersAndRanking(pkgs);
        const statuses = new Map(pkgs.map((p) => [p.name, p.status]));
        const edges = new Map(pkgs.filter((p) => p.status === 'blocked').map((p) => [p.name, p.blockedBy]));
        const { ranking, ...analysis } = both;
        expect(analysis).toEqual(analyseBlockers(statuses, edges));
        expect(ranking).toEqual(rankSources(pkgs));
        // Blocks in all: the other packages from which a chain of blockedBy reaches it.
        const waitsFor = (from: string, target: string): boolean => {
          const seen = new Set([from]);
          const queue = [from];
          while (queue.length) for (const b of edges.get(queue.shift()!) ?? []) if (b === target) return true; else if (!seen.has(b)) (seen.add(b), queue.push(b));
          return false;
        };
        for (const s of ranking.sources) expect(s.blocksInAll, s.name).toBe(pkgs.filter((p) => p.name !== s.name && waitsFor(p.name, s.name)).length);
      }),
      { seed: 1211, numRuns: 300 },
    );
  });
});

describe('whatIfBuilt', () => {
  it('readies the blocked sources whose every blocker is assumed built', () => {
    expect(whatIfBuilt(SAMPLE, ['a'])).toEqual({ assumed: ['a'], unknown: [], becomesReady: ['c'], lessBlocked: [{ name: 'd', blockedBy: ['b'] }] });
    expect(whatIfBuilt(SAMPLE, ['b', 'a', 'zz']).becomesReady).toEqual(['c', 'd']);
    expect(whatIfBuilt(SAMPLE, ['zz']).unknown).toEqual(['zz']);
  });
  it('agrees with unblocks-now for a single source', () => {
    const r = rankSources(SAMPLE);
    for (const s of r.sources) expect(whatIfBuilt(SAMPLE, [s.name]).becomesReady.length).toBe(s.unblocksNow);
  });
});
