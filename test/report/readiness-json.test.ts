import { describe, expect, it } from 'vitest';
import { readinessJsonPieces, type ReadinessJson, type ReadinessPackageJson } from '../../src/report/readiness-json.js';

const pkg = (i: number): ReadinessPackageJson => ({
  name: `p${i}\u00e9\u{1f600}`,
  evr: '1.0-1',
  status: i % 3 ? 'blocked' : 'ready',
  blockedBy: i % 3 ? [`b${i}`, 'q"uote\\'] : [],
  missing: [],
  inCycle: i % 5 === 0,
  problems: i % 3 ? [`needs b${i}\n`] : [],
  causes: i % 3 ? [{ verdict: 'blocked', causes: [{ kind: 'more-blockers', count: i }] }] : [],
});

const report = (n: number, whatIf = false): ReadinessJson => {
  const j: ReadinessJson = {
    version: 1,
    summary: { total: n, built: 0, ready: 1, blocked: 2, unresolvable: 0, inCycle: 0, percentBuilt: 0, percentReady: 1.5 },
    rootCauses: [{ members: ['b1'], status: 'external', blocks: 1, blocksTransitively: 1 }],
    nextWave: ['p0'],
    cycles: [],
    submitNext: [],
    ranking: [{ name: 'b1', status: 'external', unblocksNow: 1, blocksInAll: 1, onCycle: false }],
    group: { names: ['gcc'], ready: true, blockedBy: [], missing: [], problems: [] },
    packages: Array.from({ length: n }, (_, i) => pkg(i)),
  };
  // The CLI adds whatIf after the packages (so it comes last in the text).
  if (whatIf) j.whatIf = { assumed: ['b1'], unknown: [], becomesReady: ['p1'], lessBlocked: [{ name: 'p2', blockedBy: ['b2'] }] };
  return j;
};

describe('readinessJsonPieces', () => {
  it('joins to exactly JSON.stringify(report, null, 2) + newline, for no, one, and many pieces of packages', () => {
    for (const n of [0, 1, 255, 256, 257, 1000]) {
      for (const whatIf of [false, true]) {
        const j = report(n, whatIf);
        const pieces = [...readinessJsonPieces(j)];
        expect(pieces.join(''), `${n} packages, whatIf ${whatIf}`).toBe(JSON.stringify(j, null, 2) + '\n');
        if (n > 256) expect(pieces.length).toBeGreaterThan(3);
      }
    }
  });
});
