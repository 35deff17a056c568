import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rankSources, whatIfBuilt, type RankablePackage } from '../../src/readiness/index.js';

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
