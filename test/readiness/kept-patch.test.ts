/**
 * patchBlockedCauses (src/readiness/kept-patch.ts): a kept blocked entry's causes after the built
 * repos gained names of its buildroot: told sources still missing stay, those no longer missing
 * drop out, "and N more" is recounted; whatever a fresh walk could tell differently is refused.
 * (test/readiness/kept.test.ts compares whole runs that patch with --no-cache.)
 */
import { describe, expect, it } from 'vitest';
import { patchBlockedCauses, type PatchInput } from '../../src/readiness/kept-patch.js';
import type { Explanation } from '../../src/explain/index.js';

const told = (blocker: string, binary = `${blocker}-bin`): Explanation => ({ verdict: 'blocked', causes: [{ kind: 'needs-unbuilt', dep: binary, origin: { by: 'build-requires' }, providers: [binary], binary, blocker, blockerState: 'not-built' }] });
const more = (count: number): Explanation => ({ verdict: 'blocked', causes: [{ kind: 'more-blockers', count }] });
const now = (blockedBy: string[], missing: string[], over: Partial<PatchInput> = {}): PatchInput => ({ blockedBy, missing, flipped: () => false, maxCauses: 2, ...over });

describe('patchBlockedCauses', () => {
  it('drops the told sources no longer missing when every source was told', () => {
    expect(patchBlockedCauses([told('a'), told('b')], now(['b'], ['b-bin']))).toEqual([told('b')]);
  });

  it('recounts the sources beyond those told, and drops "more" when none is left', () => {
    expect(patchBlockedCauses([told('a'), told('b'), more(3)], now(['a', 'b', 'c', 'd'], ['a-bin', 'b-bin', 'c-bin', 'd-bin']))).toEqual([told('a'), told('b'), more(2)]);
    expect(patchBlockedCauses([told('a'), told('b'), more(1)], now(['a', 'b'], ['a-bin', 'b-bin']))).toEqual([told('a'), told('b')]);
  });

  it('refuses what a fresh walk could tell otherwise', () => {
    // A told source dropped while others were not told: the next one would be told.
    expect(patchBlockedCauses([told('a'), told('b'), more(1)], now(['b', 'c'], ['b-bin', 'c-bin']))).toBeUndefined();
    // A told source whose told binary went but which misses another: told with that one.
    expect(patchBlockedCauses([told('a'), told('b')], now(['a', 'b'], ['a-other', 'b-bin']))).toBeUndefined();
    // A told source whose built state changed: its sentence says so.
    expect(patchBlockedCauses([told('a'), told('b')], now(['a', 'b'], ['a-bin', 'b-bin'], { flipped: (n) => n === 'b' }))).toBeUndefined();
    // Nothing missing by name: missing falls back to name-evrs.
    expect(patchBlockedCauses([told('a')], now([], []))).toBeUndefined();
    // Another kind of cause.
    expect(patchBlockedCauses([{ verdict: 'blocked', causes: [{ kind: 'built-repos-differ' }] }], now(['a'], ['a-bin']))).toBeUndefined();
    // A source that was not told and is not counted (the kept entry is not of this buildroot).
    expect(patchBlockedCauses([told('a')], now(['a', 'z'], ['a-bin', 'z-bin']))).toBeUndefined();
  });

  it('keeps a told source whose built state changed once it drops out', () => {
    expect(patchBlockedCauses([told('a'), told('b')], now(['b'], ['b-bin'], { flipped: (n) => n === 'a' }))).toEqual([told('b')]);
  });
});
