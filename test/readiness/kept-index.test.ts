import { describe, expect, it } from 'vitest';
import { isTrailerJson, packTrailer, unpackTrailer } from '../../src/readiness/kept-index.js';
import type { KeptTrailer } from '../../src/readiness/kept-types.js';

const trailer: KeptTrailer = {
  key: 'k',
  builtNames: ['a'],
  builtNevrs: ['a-1-1'],
  group: 'g',
  names: ['a', 'b', 'c'],
  status: 'bkk',
  blockedBy: [0, ['c', 'outside'], []],
  causeBlockers: [0, ['outside'], ['b', 'c']],
  lengths: [10, 20, 30],
  inCycleAt: [1, 2, 3],
  cycles: '010',
};

/** The JSON and index of `t` as a file gives them back (the JSON through text, the index through an aligned copy). */
function roundTrip(t: KeptTrailer) {
  const { json, index } = packTrailer(t);
  const raw: unknown = JSON.parse(JSON.stringify(json));
  const ints = new Int32Array(index.length / 4);
  new Uint8Array(ints.buffer).set(index);
  return { raw, ints };
}

describe('the kept trailer as the file holds it', () => {
  it('gives back every list, with names outside the packages (and empty lists apart from none)', () => {
    const { raw, ints } = roundTrip(trailer);
    expect(isTrailerJson(raw)).toBe(true);
    expect(unpackTrailer(raw as never, ints)).toEqual(trailer);
    // Each list is made of the names table's strings: no copy per edge.
    expect(JSON.stringify(raw)).not.toContain('blockedBy');
  });

  it('refuses an index that does not fit its JSON', () => {
    const { raw, ints } = roundTrip(trailer);
    const bad = (f: (a: Int32Array) => void) => {
      const a = ints.slice();
      f(a);
      return unpackTrailer(raw as never, a);
    };
    expect(bad((a) => (a[a.length - 1] = 99))).toBeUndefined(); // a name index past the names
    expect(bad((a) => (a[1] = 5))).toBeUndefined(); // counts past the index
    expect(bad((a) => (a[2] = -2))).toBeUndefined(); // a negative count
    expect(unpackTrailer(raw as never, ints.subarray(0, ints.length - 1))).toBeUndefined();
    expect(isTrailerJson({ ...(raw as object), endian: 'XX' })).toBe(false);
    expect(isTrailerJson({ ...(raw as object), indexBytes: 3 })).toBe(false);
  });
});
