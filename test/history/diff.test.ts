import { describe, expect, it } from 'vitest';
import { diffAligned, diffStatuses, diffUnits } from '../../src/history/diff.js';
import { encodeDelta, reportUnits } from '../../src/history/units.js';
import type { ReadinessStatus } from '../../src/readiness/index.js';
import { syntheticReport } from './synthetic.js';

const map = (r: { packages: { name: string; status: string }[] }) => new Map(r.packages.map((p) => [p.name, p.status as ReadinessStatus]));

describe('diffs of units', () => {
  it('equal a comparison of the status maps, from a delta or from the units alone', () => {
    for (const [a, b] of [[0, 1], [1, 4], [3, 3], [2, 0]]) {
      const before = syntheticReport(300, a);
      const after = syntheticReport(300, b, a === b ? 'other' : '');
      const [ub, ua] = [reportUnits(before), reportUnits(after)];
      const want = diffStatuses(map(before), map(after));
      const d = encodeDelta(ub, ua);
      expect(diffAligned(ub, ua, d.copied, d.fresh)).toEqual(want);
      expect(diffUnits(ub, ua)).toEqual(want);
    }
    const first = syntheticReport(50, 2);
    expect(diffAligned(undefined, reportUnits(first), undefined, undefined)).toEqual(diffStatuses(new Map(), map(first)));
  });
  it('read packages whose keys come in another order, and added and removed ones', () => {
    const before = { packages: [{ status: 'blocked', name: 'a', x: [1] }, { name: 'b', status: 'ready' }, { name: 'gone', status: 'built' }] };
    const after = { packages: [{ status: 'built', name: 'a', x: [] }, { name: 'b', status: 'ready' }, { name: 'new', evr: '1', status: 'ready' }] };
    const want = { newlyBuilt: ['a'], newlyReady: ['new'], newlyBlocked: [], newlyUnresolvable: [], added: ['new'], removed: ['gone'] };
    const [ub, ua] = [reportUnits(before), reportUnits(after)];
    expect(diffUnits(ub, ua)).toEqual(want);
    const d = encodeDelta(ub, ua);
    expect(diffAligned(ub, ua, d.copied, d.fresh)).toEqual(want);
  });
  it('refuse a package without a name or status', () => {
    expect(() => diffUnits(undefined, reportUnits({ packages: [{ name: 'a' }] }))).toThrow(/no name or status/);
    expect(() => diffUnits(undefined, reportUnits({ summary: {} }))).toThrow(/no packages/);
  });
});
