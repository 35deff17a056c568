/**
 * Mutation fuzzing of `readRpmPackage`: real headers (and one synthetic package) with bytes
 * flipped, overwritten with boundary values, inserted, deleted or cut off. Every outcome must be
 * an `RpmPackage` or a `GooseError`: never another exception, never a hang. Seeded, so a failure
 * reproduces. A smaller run compares accept/reject with rpm itself on the same mutants.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { readRpmHeaderBytesSync } from '../../src/rpm/file.js';
import { readRpmPackage, type RpmPackage } from '../../src/rpm/package.js';
import { RpmTag, RpmType } from '../../src/rpm/tags.js';
import { comparableRpmLines, ourLines, rpmQuery, UNQUERYABLE } from '../helpers/rpm-oracle.js';
import { basicEntries, buildRpm } from '../helpers/rpm-synth.js';
import { describeWithData, HAVE_SHARED_DATA, sharedPath } from '../helpers/shared-data.js';

/** One edit of the byte string. */
type Mutation =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'set32'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number };

/** Values that sit on the checks' boundaries: counts, offsets, types, tags, limits. */
const BOUNDARY = [0, 1, 2, 3, 4, 7, 8, 9, 10, 15, 16, 32, 33, 62, 63, 99, 100, 1000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff, 0x0fffffff, 0x10000000];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('set32' as const), at: fc.nat(), value: fc.oneof(fc.constantFrom(...BOUNDARY), fc.nat()) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 24 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

/** Applies the mutations in order; positions are taken modulo the current length. */
function mutate(input: Uint8Array, edits: Mutation[]): Uint8Array {
  let b = input.slice();
  for (const m of edits) {
    const at = b.length ? m.at % b.length : 0;
    switch (m.kind) {
      case 'flip':
        if (b.length) b[at] ^= m.xor;
        break;
      case 'set32': {
        const a = at & ~3; // index entries and counts are 4-aligned relative to the lead
        if (a + 4 <= b.length) new DataView(b.buffer, b.byteOffset).setUint32(a, m.value >>> 0);
        break;
      }
      case 'insert': {
        const out = new Uint8Array(b.length + m.bytes.length);
        out.set(b.subarray(0, at));
        out.set(m.bytes, at);
        out.set(b.subarray(at), at + m.bytes.length);
        b = out;
        break;
      }
      case 'delete': {
        const tail = b.subarray(Math.min(b.length, at + m.length));
        const out = new Uint8Array(at + tail.length);
        out.set(b.subarray(0, at));
        out.set(tail, at);
        b = out;
        break;
      }
      case 'truncate':
        b = b.subarray(0, at);
        break;
    }
  }
  return b;
}

/** Reads, and classifies the outcome; anything but a package or a GooseError is rethrown. */
function outcome(bytes: Uint8Array): { pkg?: RpmPackage; code?: string } {
  try {
    return { pkg: readRpmPackage(bytes, 'fuzz.rpm') };
  } catch (e) {
    if (e instanceof GooseError) return { code: e.code };
    throw e;
  }
}

function wellFormed(p: RpmPackage): void {
  expect(typeof p.name).toBe('string');
  expect(typeof p.arch).toBe('string');
  for (const d of [...p.provides, ...p.requires, ...p.conflicts, ...p.obsoletes]) expect(typeof d.name).toBe('string');
  expect(p.headerRange.end).toBeGreaterThan(p.headerRange.start);
}

/** The header-bearing prefix (plus a little payload) of every package rpm can read. */
function realSeeds(): Uint8Array[] {
  const dir = sharedPath('rpms');
  const seeds: Uint8Array[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        try {
          const bytes = readRpmHeaderBytesSync(p);
          readRpmPackage(bytes, p);
          seeds.push(bytes);
        } catch {
          // damaged originals are covered by the oracle tests
        }
      }
    }
  };
  walk(dir);
  return seeds;
}

const SYNTH = buildRpm({
  main: [
    ...basicEntries('fuzz', '1', '1'),
    { tag: RpmTag.EPOCH, type: RpmType.INT32, value: [1] },
    { tag: RpmTag.REQUIRENAME, type: RpmType.STRING_ARRAY, value: ['a', 'b'] },
    { tag: RpmTag.REQUIREFLAGS, type: RpmType.INT32, value: [8, 0] },
    { tag: RpmTag.REQUIREVERSION, type: RpmType.STRING_ARRAY, value: ['1', ''] },
    { tag: RpmTag.DIRNAMES, type: RpmType.STRING_ARRAY, value: ['/a/'] },
    { tag: RpmTag.BASENAMES, type: RpmType.STRING_ARRAY, value: ['x', 'y'] },
    { tag: RpmTag.DIRINDEXES, type: RpmType.INT32, value: [0, 0] },
    { tag: RpmTag.LONGSIZE, type: RpmType.INT64, value: [123] },
  ],
});

function fuzz(seeds: Uint8Array[], numRuns: number, seed: number): { packages: number; errors: Map<string, number> } {
  const errors = new Map<string, number>();
  let packages = 0;
  fc.assert(
    fc.property(fc.nat(seeds.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, edits) => {
      const r = outcome(mutate(seeds[which], edits));
      if (r.pkg) {
        wellFormed(r.pkg);
        packages++;
      } else errors.set(r.code!, (errors.get(r.code!) ?? 0) + 1);
    }),
    { seed, numRuns },
  );
  return { packages, errors };
}

describe('mutation fuzzing, synthetic package', () => {
  it('every mutant is a package or a GooseError', () => {
    const t0 = performance.now();
    const { packages, errors } = fuzz([SYNTH], 3000, 20240601);
    // The mutations must reach both outcomes and many distinct checks, or the test proves little.
    expect(packages).toBeGreaterThan(100);
    expect(errors.size).toBeGreaterThanOrEqual(10);
    expect(performance.now() - t0).toBeLessThan(20_000);
  });
});

describeWithData('mutation fuzzing, real headers from ../shared/data/rpms', () => {
  const seeds = HAVE_SHARED_DATA ? realSeeds() : [];
  it('every mutant is a package or a GooseError', () => {
    expect(seeds.length).toBeGreaterThan(40);
    const { packages, errors } = fuzz(seeds, 4000, 42);
    if (process.env.FZSTATS) console.log(packages, [...errors]);
    expect(packages).toBeGreaterThan(100);
    expect(errors.size).toBeGreaterThanOrEqual(10);
  });
});

/** Codes for content we refuse although rpm's reader accepts it (we are stricter on purpose). */
const STRICTER = new Set(['RPM_DUPLICATE_TAG', 'RPM_BAD_TAG_TYPE', 'RPM_COUNT_MISMATCH', 'RPM_MISSING_TAG', 'RPM_BAD_DIRINDEX']);

describe('mutation fuzzing against rpm', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'goose-rpm-fuzz-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('rejects whatever rpm rejects, and reads what rpm reads, the same way, unless a stricter check applies', () => {
    let i = 0;
    let bothRead = 0;
    // The synthetic package, plus the real headers when the shared data is there.
    const seeds = [SYNTH, ...(HAVE_SHARED_DATA ? realSeeds() : [])];
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), fc.array(mutation, { minLength: 1, maxLength: 2 }), (which, edits) => {
        const bytes = mutate(seeds[which], edits);
        const path = join(tmp, `m${i++}.rpm`);
        writeFileSync(path, bytes);
        const rpmLines = rpmQuery(path);
        const r = outcome(bytes);
        if (rpmLines === UNQUERYABLE) return;
        if (rpmLines === null) expect(r.code, `rpm rejects seed ${which} with ${JSON.stringify(edits)}`).toBeDefined();
        else if (r.code) expect(STRICTER.has(r.code), `we reject with ${r.code} what rpm reads: seed ${which} with ${JSON.stringify(edits)}`).toBe(true);
        else if (!/\\u001[ef]/.test(JSON.stringify(r.pkg))) {
          // (A mutant whose strings contain the oracle's separators cannot be compared by it.)
          bothRead++;
          expect(ourLines(r.pkg!), `seed ${which} with ${JSON.stringify(edits)}`).toEqual(comparableRpmLines(rpmLines, r.pkg!));
        }
      }),
      { seed: Number(process.env.FZSEED ?? 7), numRuns: Number(process.env.FZRUNS ?? 250) },
    );
    expect(bothRead).toBeGreaterThan(20);
  });
});
